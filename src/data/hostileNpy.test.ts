/**
 * Small crafted files that promise much (docs/STYLE habit 14): sizes come from the file, not its
 * header. Each is refused before anything is allocated, with what was expected and what was found.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { dataError } from '../test/dataFixtures';
import { parseNpyArray } from './npy';
import { parseNpz } from './npz';
import { parseFiles } from './parseFiles';
import { rawNpy } from '../test/npyBytes';

const header = (descr: string, shape: string, fortran = false) =>
  `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape}), }`;

describe('zero item size', () => {
  it.each(['<U0', '>U0', '|S0', 'S', 'U'])(
    "'%s' with ten million elements in a tiny file is refused before decoding",
    (descr) => {
      const file = rawNpy(header(descr, '10000000,'));
      expect(file.length).toBeLessThan(128);
      // refused from the header: decoding would first allocate ten million strings
      const message = dataError(() => parseNpyArray(file, 'tiny.npy')).message;
      expect(message).toMatch(/at least one byte/);
      expect(message).toMatch(/0 bytes per item\) with 10000000 elements/);
    },
  );

  it("'V0' and other zero-width kinds are refused as dtypes", () => {
    expect(dataError(() => parseNpyArray(rawNpy(header('|V0', '5,')), 'v.npy')).code).toBe(
      'unsupported-dtype',
    );
  });

  it('an empty array of a zero-width dtype is still read (nothing to allocate)', () => {
    expect(parseNpyArray(rawNpy(header('<U0', '0,')), 'e.npy')).toMatchObject({
      strings: [],
      shape: [0],
    });
  });

  it('inside an .npz, and naming the member', () => {
    const npz = zipSync({ 'texts.npy': rawNpy(header('<U0', '10000000,')) });
    const e = dataError(() => parseNpz(npz, 'a.npz'));
    expect(e.file).toBe('a.npz/texts.npy');
    expect(e.message).toMatch(/0 bytes per item/);
  });
});

describe('rank', () => {
  it('refuses rank 65 (numpy allows 64) and says which rank it found', () => {
    const e = dataError(() =>
      parseNpyArray(rawNpy(header('<f4', Array(65).fill(1).join(', '))), 'r.npy'),
    );
    expect(e.code).toBe('bad-shape');
    expect(e.message).toMatch(/rank at most 64 .*found rank 65/);
  });

  it('reads rank 64, and prints a long shape by its rank and end dims', () => {
    const ones = Array(64).fill(1);
    const a = parseNpyArray(rawNpy(header('<f4', ones.join(', ')), new Uint8Array(4)), 'ok.npy');
    expect(a.shape).toHaveLength(64);
    const e = dataError(() =>
      parseNpyArray(rawNpy(header('<f4', [...ones.slice(1), 7].join(', '))), 't.npy'),
    );
    expect(e.message).toMatch(/rank 64 \(1, 1, 1, …, 1, 7\)/);
    expect(e.message.length).toBeLessThan(300);
  });

  it('a Fortran-order rank bomb is refused at once instead of rewritten element by element', () => {
    // 100k elements at rank 4,000: rewriting them in C order would cost 4e8 steps
    const shape = [100_000, ...Array(3_999).fill(1)].join(',');
    const file = rawNpy(header('<f4', shape, true), new Uint8Array(400_000), 2);
    const e = dataError(() => parseNpyArray(file, 'bomb.npy')).message;
    expect(e).toMatch(/found rank 4000$/);
  });

  it('a rank too long for the header limit is refused by its header length, briefly', () => {
    const shape = Array(10_000).fill(1).join(',');
    const e = dataError(() =>
      parseNpyArray(rawNpy(header('<f4', shape), new Uint8Array(4), 2), 'x.npy'),
    );
    expect(e.message).toMatch(/at most 10000 bytes.*found a header length of 20\d{3} bytes/);
  });

  it('refuses a header longer than numpy reads (10,000 bytes)', () => {
    const long = header('<f4', '1,').replace('}', `${' '.repeat(20_000)}}`);
    expect(
      dataError(() => parseNpyArray(rawNpy(long, new Uint8Array(4), 2), 'h.npy')).message,
    ).toMatch(/at most 10000 bytes/);
  });
});

describe('one budget per load', () => {
  const f4 = (n: number) =>
    rawNpy(
      header('<f4', `${n}, 4`),
      new Uint8Array(Float32Array.from({ length: n * 4 }, (_, i) => (i % 7) + 1).buffer),
    );
  const npz = (rows: number) => zipSync({ 'vectors.npy': f4(rows) }, { level: 9 });

  it('sums what every archive of a load unpacks', () => {
    // each unpacks to ~6.4 kB under the 10 kB budget; two of them are over it
    const one = npz(400);
    expect(one.length).toBeLessThan(1000);
    const files = [
      { name: 'a.npz', bytes: one.slice().buffer },
      { name: 'b.npz', bytes: one.slice().buffer },
    ];
    expect(parseFiles(files.slice(0, 1), { maxBytes: 10_000 }).kind).toBe('dataset');
    const e = dataError(() => parseFiles(files, { maxBytes: 10_000 }));
    expect(e.code).toBe('too-large');
    expect(e.file).toBe('b.npz');
    expect(e.message).toMatch(/over its 9\.8 KB limit/);
  });

  it('counts the members of one archive together, and plain files beside archives', () => {
    const two = zipSync({ 'contexts.npy': f4(200), 'targets.npy': f4(200) });
    expect(dataError(() => parseNpz(two, 'two.npz', { maxBytes: 4_000 })).code).toBe('too-large');
    const files = [
      { name: 'v.npy', bytes: f4(400).slice().buffer },
      { name: 'a.npz', bytes: npz(400).buffer },
    ];
    expect(dataError(() => parseFiles(files, { maxBytes: 10_000 })).file).toBe('a.npz');
  });
});
