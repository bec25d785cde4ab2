import { describe, expect, it } from 'vitest';
import { groupRepeatedQueries, SharedScores } from './retrievalRepeats';

describe('groupRepeatedQueries', () => {
  const d = 3;
  const rows = (...vs: number[][]) => Float32Array.from(vs.flat());

  it('groups bit-identical rows that reach the minimum, and leaves the rest in order', () => {
    const a = [0.5, -1, 2];
    const b = [0.5, -1, 2.0000002];
    const q = rows(a, b, a, a, b);
    const g = groupRepeatedQueries(q, 5, d, 3);
    expect(g.shared.map((x) => [...x])).toEqual([[0, 2, 3]]);
    expect([...g.rest]).toEqual([1, 4]);
  });

  it('keeps 0 and -0 apart (their bits differ) and never groups a row with NaN or Infinity', () => {
    const q = rows([0, 1, 1], [-0, 1, 1], [0, 1, 1], [NaN, 1, 1], [NaN, 1, 1], [Infinity, 0, 0]);
    const g = groupRepeatedQueries(q, 6, d, 2);
    expect(g.shared.map((x) => [...x])).toEqual([[0, 2]]);
    expect([...g.rest]).toEqual([1, 3, 4, 5]);
  });

  it('reads a view at an offset (a slab of a larger buffer)', () => {
    const whole = rows([9, 9, 9], [1, 2, 3], [1, 2, 3]);
    const g = groupRepeatedQueries(whole.subarray(d), 2, d, 2);
    expect(g.shared.map((x) => [...x])).toEqual([[0, 1]]);
  });
});

describe('SharedScores', () => {
  const scores = Float64Array.from([0.2, 0.9, 0.5, 0.9, -0, 0.5, 0]);

  it('counts rows strictly above a score: ties count for the target (docs/metrics.md)', () => {
    const s = new SharedScores(scores, 3);
    expect(s.above(0.9)).toBe(0);
    expect(s.above(0.5)).toBe(2);
    expect(s.above(0.49)).toBe(4);
    expect(s.above(0)).toBe(5);
    expect(s.above(-0)).toBe(5);
    expect(s.above(-1)).toBe(7);
  });

  it('keeps the t best, ties by the lower row', () => {
    const s = new SharedScores(scores, 4);
    expect(s.topIds).toEqual([1, 3, 2, 5]);
    expect(s.topScores).toEqual([0.9, 0.9, 0.5, 0.5]);
    expect(new SharedScores(scores, 0).topIds).toEqual([]);
    expect(new SharedScores(scores, 7).topIds).toEqual([1, 3, 2, 5, 0, 4, 6]);
  });
});
