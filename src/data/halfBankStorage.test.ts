import { describe, expect, it } from 'vitest';
import { seededRandom } from '../projection/random';
import { halfValueGroups, valueGroups } from './valueGroups';
import { halfBitsOf, toHalfRows } from './halfBankStorage';
import { halfToFloatTable, toFloat32 } from './ndarray';
import { buildWindowsDataset } from './windowsDataset';
import { cutWindows } from './windows';

const table = halfToFloatTable();

describe('float16 bits of a float32 value', () => {
  it('inverts the widening for every float16 that is not NaN, -0 and subnormals included', () => {
    for (let h = 0; h < 65536; h++)
      if (!Number.isNaN(table[h])) expect(halfBitsOf(table[h])).toBe(h);
  });
  it('finds none for a value no float16 widens to', () => {
    expect(halfBitsOf(0.1)).toBe(-1);
    expect(halfBitsOf(1 + 2 ** -11)).toBe(-1);
    expect(halfBitsOf(2 ** -25)).toBe(-1);
    expect(halfBitsOf(70000)).toBe(-1);
    expect(halfBitsOf(NaN)).toBe(-1);
    expect(toHalfRows(Float32Array.of(1, 0.5, 0.1, 1), 2).exact).toEqual(Uint8Array.of(1, 0));
  });
});

describe('a windows file with a float16 bank', () => {
  const d = 6;
  const m = 40;
  const n = 12;
  const k = 3;
  const rand = seededRandom(3);
  const bits = Uint16Array.from({ length: m * d }, () => 0x3000 + Math.floor(rand() * 0x1000));
  bits.copyWithin(7 * d, 2 * d, 3 * d); // rows 2 and 7 hold the same value
  const widened = toFloat32({ data: bits, shape: [m, d], dtype: 'float16' });
  const contexts = new Float32Array(n * k * d);
  const targets = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++)
      contexts.set(widened.subarray((i + a) * d, (i + a + 1) * d), (i * k + a) * d);
    targets.set(widened.subarray((i + k) * d, (i + k + 1) * d), i * d);
  }
  targets[5 * d] = 0.1; // window 5's target is in no float16 bank
  const bundle = (bank: Uint16Array | Float32Array) => ({
    files: ['w.npz'],
    tensors: {
      contexts: { data: contexts, shape: [n, k, d], dtype: 'float32', file: 'w.npz' },
      targets: { data: targets, shape: [n, d], dtype: 'float32', file: 'w.npz' },
      bank: {
        data: bank,
        shape: [m, d],
        dtype: bank instanceof Uint16Array ? 'float16' : 'float32',
        file: 'w.npz',
      },
    },
  });
  const mapping = { contexts: 'contexts', targets: 'targets', bank: 'bank' };
  const head = (id: string) => ({ id, name: id, origin: 'test' });

  it('keeps the bits, widens `vectors` only when read, and locates windows as float32 does', () => {
    const half = buildWindowsDataset(bundle(bits), mapping, head('half'), false);
    const full = buildWindowsDataset(bundle(widened), mapping, head('full'), false);
    expect(half.bank.half).toBe(bits);
    expect(Object.keys(half.bank)).not.toContain('vectors');
    const wh = cutWindows(half, k);
    const wf = cutWindows(full, k);
    expect([...wh.targetIndex]).toEqual([...wf.targetIndex]);
    expect([...wh.contextIndex]).toEqual([...wf.contextIndex]);
    expect(wh.targetIndex[5]).toBe(-1);
    expect(wh.contextIndex[0]).toBe(0);
    expect(halfValueGroups(bits, m, d)).toEqual(valueGroups(widened, m, d));
    expect(halfValueGroups(bits, m, d).first[7]).toBe(2);
    expect(half.bank.vectors).toEqual(widened);
  });
});
