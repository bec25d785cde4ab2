import { describe, expect, it } from 'vitest';
import { cleanItems, keepRows, scanRows } from './badRows';
import { dataError } from '../test/dataFixtures';

describe('scanRows', () => {
  it('marks a window bad when any of its rows is, NaN/Inf before all-zero', () => {
    // 3 windows of 2 rows of 2: window 0 clean, 1 has an Inf row and a zero row, 2 has a zero row
    const data = Float32Array.from([1, 2, 3, 4, Infinity, 1, 0, 0, 5, 6, 0, 0]);
    expect(scanRows(data, 2, 2)).toEqual({ nonFinite: [1], zero: [2] });
    expect(scanRows(data, 2, 1)).toEqual({ nonFinite: [2], zero: [3, 5] });
  });
});

describe('cleanItems', () => {
  const scans = [
    { nonFinite: [3], zero: [1] },
    { nonFinite: [1], zero: [4] },
  ];

  it('refuses NaN/Inf items first, naming all of them across scans', () => {
    const e = dataError(() => cleanItems('w.npz', 'windows', 6, scans, false));
    expect(e.code).toBe('non-finite');
    expect(e.extra).toMatchObject({ count: 2, firstRows: [1, 3], droppable: true });
  });

  it('keeps the clean items when dropping, and returns null when all are clean', () => {
    expect(cleanItems('w.npz', 'windows', 6, scans, true)).toEqual([0, 2, 5]);
    expect(cleanItems('w.npz', 'rows', 6, [{ nonFinite: [], zero: [] }], false)).toBeNull();
    const all = [{ nonFinite: [0], zero: [] }];
    const none = dataError(() => cleanItems('v.npy', 'rows', 1, all, true));
    expect(none.found).toBe('none after dropping bad rows');
  });
});

describe('keepRows', () => {
  it('copies the kept rows in order', () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(keepRows(data, 2, [0, 2]))).toEqual([1, 2, 5, 6]);
  });
});
