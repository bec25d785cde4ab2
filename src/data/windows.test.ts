import { describe, expect, it } from 'vitest';
import type { Dataset } from './types';
import { countWindows, cutWindows } from './windows';

/** A stream whose vector i is [i, 10 * i], so every copied value says where it came from. */
function stream(n: number, articleIds?: number[], sourceRows?: number[]): Dataset {
  const vectors = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) vectors.set([i, 10 * i], i * 2);
  return {
    id: `s${n}-${articleIds?.join('') ?? ''}-${sourceRows?.join('') ?? ''}`,
    name: 's',
    origin: 's',
    dim: 2,
    stream: {
      vectors,
      count: n,
      ...(articleIds ? { articleIds: Int32Array.from(articleIds) } : {}),
      ...(sourceRows ? { sourceRows: Int32Array.from(sourceRows) } : {}),
    },
    bank: { vectors, count: n },
  };
}

describe('cutWindows on streams', () => {
  it('cuts every k consecutive vectors + the next when there are no articles', () => {
    const w = cutWindows(stream(5), 2);
    expect(w.n).toBe(3);
    expect(Array.from(w.targetIndex)).toEqual([2, 3, 4]);
    expect(Array.from(w.contextIndex)).toEqual([0, 1, 1, 2, 2, 3]);
    expect(Array.from(w.contexts.subarray(0, 4))).toEqual([0, 0, 1, 10]);
    expect(Array.from(w.targets)).toEqual([2, 20, 3, 30, 4, 40]);
  });

  it('never crosses an article boundary', () => {
    // articles: 0 0 0 | 1 1 1 1 | 2
    const w = cutWindows(stream(8, [0, 0, 0, 1, 1, 1, 1, 2]), 2);
    expect(Array.from(w.targetIndex)).toEqual([2, 5, 6]);
    expect(Array.from(w.contextIndex)).toEqual([0, 1, 3, 4, 4, 5]);
  });

  it('treats a re-appearing article id after another article as a new run', () => {
    const w = cutWindows(stream(6, [7, 7, 8, 8, 7, 7]), 1);
    expect(Array.from(w.targetIndex)).toEqual([1, 3, 5]);
  });

  it('yields nothing when k is as long as every article', () => {
    const ds = stream(6, [0, 0, 0, 1, 1, 1]);
    expect(cutWindows(ds, 3).n).toBe(0);
    expect(cutWindows(ds, 9).n).toBe(0);
    expect(cutWindows(ds, 2).n).toBe(2);
  });

  it('never spans rows dropped from the file', () => {
    const w = cutWindows(stream(5, undefined, [0, 1, 3, 4, 5]), 1);
    expect(Array.from(w.targetIndex)).toEqual([1, 3, 4]);
  });

  it('counts without cutting, and agrees with the cut', () => {
    const ds = stream(10, [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    for (let k = 1; k < 5; k++) expect(countWindows(ds, k)).toBe(cutWindows(ds, k).n);
    expect(countWindows(ds, 0)).toBe(0);
  });

  it('refuses k < 1 and caches per dataset and k', () => {
    const ds = stream(4);
    expect(() => cutWindows(ds, 0)).toThrow(/K >= 1/);
    expect(cutWindows(ds, 2)).toBe(cutWindows(ds, 2));
    expect(cutWindows(ds, 1)).not.toBe(cutWindows(ds, 2));
    const again = stream(4); // same id, new object: re-cut
    expect(cutWindows(again, 2)).not.toBe(cutWindows(ds, 2));
  });
});

describe('cutWindows on window datasets', () => {
  // 2 windows, K = 3, D = 1: contexts [[1,2,3],[4,5,6]], targets [[7],[8]]
  const targets = Float32Array.from([7, 8]);
  const ds: Dataset = {
    id: 'w',
    name: 'w',
    origin: 'w.npz',
    dim: 1,
    windows: { contexts: Float32Array.from([1, 2, 3, 4, 5, 6]), targets, count: 2, k: 3 },
    bank: { vectors: targets, count: 2 },
  };

  it('passes through at the same k, targets indexed in the targets bank', () => {
    const w = cutWindows(ds, 3);
    expect(w.contexts).toBe(ds.windows!.contexts);
    expect(Array.from(w.targetIndex)).toEqual([0, 1]);
    expect(Array.from(w.contextIndex)).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it('keeps the last k context vectors for a shorter k and refuses a longer one', () => {
    expect(Array.from(cutWindows(ds, 2).contexts)).toEqual([2, 3, 5, 6]);
    expect(() => cutWindows(ds, 4)).toThrow(/windows of K = 3/);
    expect(countWindows(ds, 4)).toBe(0);
  });
});
