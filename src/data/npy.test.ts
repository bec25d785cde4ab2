import { describe, expect, it } from 'vitest';
import { DataFileError } from './errors';
import { parseNpy, writeNpy } from './npy';
import { expected, fixture, values } from '../test/dataFixtures';

const GOOD = [
  'f4_le_v1.npy',
  'f4_le_v2.npy',
  'f4_le_v3.npy',
  'f4_be.npy',
  'f2_le.npy',
  'f2_be.npy',
  'f8_le.npy',
  'f8_be.npy',
  'f4_fortran.npy',
  'f4_fortran_3d.npy',
  'f2_be_fortran.npy',
  'f4_1d.npy',
  'f4_empty_rows.npy',
  'f2_special.npy',
  'i4_ids.npy',
  'i8_ids.npy',
  'i8_be_ids.npy',
  'u1.npy',
  'bool.npy',
];

describe('parseNpy on files numpy wrote', () => {
  it.each(GOOD)('%s: exact values and shape', (name) => {
    const a = parseNpy(fixture(name), name);
    const e = expected[name];
    expect(a.shape).toEqual(e.shape);
    expect(values(a.data)).toEqual(e.values);
  });

  it('reads a view that starts inside a larger buffer (a Node Buffer from readFileSync)', () => {
    for (const name of ['f4_le_v1.npy', 'f2_le.npy', 'u1.npy']) {
      if (!expected[name]) continue;
      const file = new Uint8Array(fixture(name));
      const pooled = new Uint8Array(file.length + 7);
      pooled.set(file, 3);
      const a = parseNpy(pooled.subarray(3, 3 + file.length), name);
      expect(values(a.data)).toEqual(expected[name].values);
    }
    const buf = Buffer.from(new Uint8Array(fixture('f4_le_v1.npy')));
    const pooledBuffer = Buffer.concat([Buffer.alloc(5), buf]).subarray(5);
    expect(values(parseNpy(pooledBuffer, 'f4_le_v1.npy').data)).toEqual(
      expected['f4_le_v1.npy'].values,
    );
  });

  it('returns float32 for every float kind and the right integer arrays for ids', () => {
    expect(parseNpy(fixture('f2_le.npy')).data).toBeInstanceOf(Float32Array);
    expect(parseNpy(fixture('f8_be.npy')).data).toBeInstanceOf(Float32Array);
    expect(parseNpy(fixture('f2_le.npy')).dtype).toBe('float16');
    expect(parseNpy(fixture('i4_ids.npy')).data).toBeInstanceOf(Int32Array);
    expect(parseNpy(fixture('i8_ids.npy')).data).toBeInstanceOf(BigInt64Array);
    expect(parseNpy(fixture('u1.npy')).data).toBeInstanceOf(Uint8Array);
    expect(parseNpy(fixture('bool.npy')).dtype).toBe('bool');
  });

  it('keeps float16 specials: signed zero, max, subnormal, infinities', () => {
    const d = parseNpy(fixture('f2_special.npy')).data as Float32Array;
    expect(Object.is(d[1], -0)).toBe(true);
    expect(d[2]).toBe(65504);
    expect(d[4]).toBe(Infinity);
    expect(d[5]).toBe(-Infinity);
  });

  it('accepts a Uint8Array view at an odd offset', () => {
    const src = new Uint8Array(fixture('f4_le_v1.npy'));
    const padded = new Uint8Array(src.length + 3);
    padded.set(src, 3);
    const a = parseNpy(padded.subarray(3), 'x.npy');
    expect(values(a.data)).toEqual(expected['f4_le_v1.npy'].values);
  });
});

describe('parseNpy refuses bad files with a specific DataFileError', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['bad_truncated.npy', 'truncated', /bad_truncated\.npy is truncated.*shape \(4, 5\).*80 bytes/],
    ['bad_overpromise.npy', 'truncated', /promises shape \(9, 5\)/],
    ['bad_magic.npy', 'bad-magic', /not a NumPy \.npy file/],
    ['bad_empty.npy', 'empty', /empty file/],
    ['bad_object.npy', 'object-array', /object array.*never unpickles/],
    ['bad_complex.npy', 'unsupported-dtype', /'<c8'/],
    ['bad_unicode.npy', 'unsupported-dtype', /'<U2'/],
  ];
  it.each(cases)('%s -> %s', (name, code, message) => {
    let err: unknown;
    try {
      parseNpy(fixture(name), name);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataFileError);
    const d = err as DataFileError;
    expect(d.code).toBe(code);
    expect(d.file).toBe(name);
    expect(d.message).toMatch(message);
    expect(d.message).toContain(name);
    expect(d.expected.length).toBeGreaterThan(0);
    expect(d.found.length).toBeGreaterThan(0);
  });

  it('refuses an unknown format version and trailing bytes', () => {
    const b = new Uint8Array(fixture('f4_le_v1.npy'));
    const v9 = b.slice();
    v9[6] = 9;
    expect(() => parseNpy(v9, 'v.npy')).toThrow(/version 9\.0/);
    const extra = new Uint8Array(b.length + 4);
    extra.set(b);
    expect(() => parseNpy(extra, 'x.npy')).toThrow(DataFileError);
  });
});

describe('writeNpy', () => {
  it('round-trips through parseNpy, 1-D and 3-D', () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => i / 7 - 1);
    for (const shape of [[24], [2, 3, 4]]) {
      const a = parseNpy(writeNpy(data, shape), 'w.npy');
      expect(a.shape).toEqual(shape);
      expect(Array.from(a.data as Float32Array)).toEqual(Array.from(data));
    }
  });

  it('writes a header numpy accepts: 64-byte aligned, newline-terminated', () => {
    const out = writeNpy(new Float32Array(3), [3]);
    const headerLen = out[8] | (out[9] << 8);
    expect((10 + headerLen) % 64).toBe(0);
    expect(out[10 + headerLen - 1]).toBe(0x0a);
    expect(new TextDecoder().decode(out.subarray(10, 10 + headerLen))).toContain("'shape': (3,)");
  });

  it('refuses a shape that does not hold the data', () => {
    expect(() => writeNpy(new Float32Array(5), [2, 3])).toThrow(RangeError);
  });
});
