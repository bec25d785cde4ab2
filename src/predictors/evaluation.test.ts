import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../engine/retrieval';
import { cosineNeighbours } from './evaluation';

describe('cosineNeighbours', () => {
  it("turns the kernel's dot products with raw predictions into cosines", () => {
    // two 2-D predictions of length 2 and 5; unit bank rows, so cosine = dot / |prediction|
    const queries = Float32Array.from([2, 0, 3, 4]);
    const res = {
      n: 2,
      top: 2,
      topIndices: Int32Array.from([4, 1, 0, 7]),
      topScores: Float32Array.from([2, 1, 5, -2.5]),
    } as SearchResult;
    const top = cosineNeighbours(res, queries, 2);
    expect(top.k).toBe(2);
    expect(Array.from(top.ids)).toEqual([4, 1, 0, 7]);
    expect(Array.from(top.scores)).toEqual([1, 0.5, 1, -0.5]);
  });
});
