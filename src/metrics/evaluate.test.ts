import { describe, expect, it } from 'vitest';
import type { WindowSet } from '../data/types';
import { baselinePredictor, evaluatePredictors, restrictEntries, type RankFn } from './evaluate';
import { summarize } from './hits';
import { referenceRanks } from './rank';

// Bank: 4 unit vectors in 2-D; one window with context [0, 1] and target 2.
const bank = Float32Array.from([1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2, 0.6, -0.8]);
const windows: WindowSet = {
  k: 2,
  dim: 2,
  n: 1,
  contexts: bank.slice(0, 4),
  targets: bank.slice(4, 6),
  targetIndex: Int32Array.from([2]),
  contextIndex: Int32Array.from([0, 1]),
};
const rank: RankFn = async (queries, w) => ({
  ranks: referenceRanks({ ...w, queries, d: w.dim, bank, m: 4 }),
});

describe('evaluatePredictors', () => {
  it('scores baselines per window and summarises', async () => {
    const fractions: number[] = [];
    const entries = await evaluatePredictors(
      [
        baselinePredictor('linear_average', 2, 2, null),
        baselinePredictor('persistence', 2, 2, null),
        baselinePredictor('global_mean', 2, 2, Float32Array.from([0.6, -0.8])),
      ],
      windows,
      rank,
      { onProgress: (f) => fractions.push(f) },
    );
    const [avg, last, mean] = entries;
    // linear average = the target itself: cosine 1, rank 1
    expect(avg.cosines[0]).toBeCloseTo(1, 6);
    expect(avg.ranks[0]).toBe(1);
    // persistence = [0, 1]: cosine .7071; rows 0 and 1 are excluded, row 3 scores -.8, so rank 1
    expect(last.cosines[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(last.ranks[0]).toBe(1);
    // global mean = row 3: cosine (.6 - .8)/sqrt2, and row 3 itself beats the target
    expect(mean.cosines[0]).toBeCloseTo(-0.2 * Math.SQRT1_2, 6);
    expect(mean.ranks[0]).toBe(2);
    expect(mean.summary.mrr).toBeCloseTo(0.5, 12);
    // each entry keeps the predictions its figures came from (global mean = row 3)
    expect(Array.from(mean.prediction)).toEqual([0.6, -0.8].map(Math.fround));
    expect(mean.top.k).toBe(0); // this rank function returns no neighbours
    expect(fractions.at(-1)).toBe(1);
  });
  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      evaluatePredictors([baselinePredictor('persistence', 2, 2, null)], windows, rank, {
        signal: ac.signal,
      }),
    ).rejects.toThrow();
  });
});

describe('restrictEntries', () => {
  it('recomputes every summary on just the chosen windows', () => {
    const cosines = Float32Array.from([0.9, 0.1, 0.5, 0.7]);
    const ranks = Int32Array.from([1, 40, 3, 12]);
    const entry = {
      id: 'm',
      name: 'M',
      kind: 'model' as const,
      // [4, 2] predictions; [4, 2] top-2 neighbours
      prediction: Float32Array.from([0, 0.1, 1, 1.1, 2, 2.1, 3, 3.1]),
      cosines,
      ranks,
      top: {
        ids: Int32Array.from([10, 11, 20, 21, 30, 31, 40, 41]),
        scores: Float32Array.from([0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1]),
        k: 2,
      },
      summary: summarize(cosines, ranks),
      backend: 'wasm',
      predictMs: 1,
      rankMs: 1,
    };
    const [only] = restrictEntries([entry], [2, 0, 99]);
    expect(Array.from(only.ranks)).toEqual([3, 1]);
    // predictions and neighbours follow the same windows, in the same order
    expect(Array.from(only.prediction)).toEqual([2, 2.1, 0, 0.1].map(Math.fround));
    expect(Array.from(only.top.ids)).toEqual([30, 31, 10, 11]);
    expect(Array.from(only.top.scores)).toEqual([0.7, 0.2, 0.5, 0.4].map(Math.fround));
    expect(only.top.k).toBe(2);
    expect(only.summary.n).toBe(2);
    expect(only.summary.hit1).toBe(0.5);
    expect(only.summary.hit5).toBe(1);
    expect(only.summary.cosineMean).toBeCloseTo(0.7, 6);
    expect(entry.summary.n).toBe(4); // the full result is untouched
  });
});
