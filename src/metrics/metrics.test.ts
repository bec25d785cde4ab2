import { describe, expect, it } from 'vitest';
import { cosineRows, normalizeRows } from './cosine';
import { baselinePredict, globalMean, linearAverage, persistence } from './baselines';
import { rankFromCount, referenceRanks, referenceTopK, type RankQuery } from './rank';
import { hitAt, hitCurve, meanStd, mrr, summarize } from './hits';

const close = (a: ArrayLike<number>, b: number[], eps = 1e-6) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(Math.abs(a[i] - v)).toBeLessThan(eps));
};

// Bank of 5 unit vectors in 2-D; row 4 duplicates row 0. The query [1, 0] scores them 1, 0, .6, .8, 1.
const bank = Float32Array.from([1, 0, 0, 1, 0.6, 0.8, 0.8, 0.6, 1, 0]);
function query(targets: number[], contexts: number[][]): RankQuery {
  const n = targets.length;
  const k = contexts[0].length;
  const queries = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) queries[i * 2] = 1;
  return {
    queries,
    n,
    d: 2,
    bank,
    m: 5,
    targetIndex: Int32Array.from(targets),
    contextIndex: Int32Array.from(contexts.flat()),
    k,
  };
}

describe('cosine', () => {
  it('normalizes rows and leaves zero rows zero', () => {
    close(normalizeRows(Float32Array.from([3, 4, 0, 0]), 2, 2), [0.6, 0.8, 0, 0]);
  });
  it('is the cosine of the normalized prediction and the target', () => {
    const a = Float32Array.from([2, 0, 1, 1]);
    const b = Float32Array.from([0.6, 0.8, 0, 1]);
    close(cosineRows(a, b, 2, 2), [0.6, Math.SQRT1_2]);
  });
});

describe('baselines', () => {
  const contexts = Float32Array.from([1, 0, 0, 1]); // n=1, k=2, d=2
  it('linear average is the normalized mean of the context', () => {
    close(linearAverage(contexts, 1, 2, 2), [Math.SQRT1_2, Math.SQRT1_2]);
  });
  it('persistence is the last context vector', () => {
    close(persistence(contexts, 1, 2, 2), [0, 1]);
  });
  it('global mean is the normalized train mean for every window', () => {
    close(globalMean(Float32Array.from([2, 0]), 2, 2), [1, 0, 1, 0]);
    expect(() => baselinePredict('global_mean', contexts, 1, 2, 2, null)).toThrow();
  });
});

describe('rank', () => {
  it('counts only strictly higher scores', () => {
    // target 3 (.8): rows 0 and 4 (1.0) are higher
    expect([...referenceRanks(query([3], [[-1]]))]).toEqual([3]);
  });
  it('ties, including an exact duplicate of the target, go to the target', () => {
    // target 0 (1.0) ties with its duplicate row 4
    expect([...referenceRanks(query([0, 4], [[-1], [-1]]))]).toEqual([1, 1]);
  });
  it('excludes the context vectors by value, wherever they occur', () => {
    // target 3 with row 0 in the context: row 4 holds the same vector, so both are excluded
    expect([...referenceRanks(query([3], [[0]]))]).toEqual([1]);
    // target 2 (.6): rows 0, 3, 4 higher; only 3 is context; -1 entries exclude nothing
    expect([...referenceRanks(query([2], [[3, -1]]))]).toEqual([3]);
  });
  it('never excludes the target row, even when a context vector equals it', () => {
    const q = query([4], [[0]]);
    expect([...referenceRanks(q)]).toEqual([1]);
    expect(referenceTopK(q, 0, 2).map((t) => t.index)).toEqual([4, 3]);
  });
  it('uses the target vector when the target is not in the bank', () => {
    const q = query([-1], [[-1]]);
    q.targets = Float32Array.from([0.7, Math.sqrt(1 - 0.49)]);
    expect([...referenceRanks(q)]).toEqual([4]); // 1, 1, .8 are higher than .7
  });
  it('rankFromCount subtracts excluded entries that were counted, each once', () => {
    // 3 higher entries, context [0, 0, 3, target, -1] with scores [1, 1, .8, .6, .6], target .6
    const ctx = Int32Array.from([0, 0, 3, 2, -1]);
    expect(rankFromCount(3, 2, 0.6, ctx, [1, 1, 0.8, 0.6, 0.6], 0, 5)).toBe(2);
    // an excluded entry that ties with the target was never counted
    expect(rankFromCount(2, 3, 0.8, Int32Array.from([2]), [0.6], 0, 1)).toBe(3);
  });
  it('top-k skips excluded entries and orders ties by index', () => {
    const top = referenceTopK(query([3], [[0]]), 0, 3);
    expect(top.map((t) => t.index)).toEqual([3, 2, 1]);
    expect(referenceTopK(query([3], [[2]]), 0, 3).map((t) => t.index)).toEqual([0, 4, 3]);
  });
});

describe('split summaries', () => {
  const cos = [1, 0.5, 0];
  const ranks = Int32Array.from([1, 3, 10]);
  it('mean and population std', () => {
    const { mean, std } = meanStd(cos);
    expect(mean).toBeCloseTo(0.5, 12);
    expect(std).toBeCloseTo(Math.sqrt(1 / 6), 12);
  });
  it('Hit@K, MRR, mean rank', () => {
    expect(hitAt(ranks, 1)).toBeCloseTo(1 / 3, 12);
    expect(hitAt(ranks, 5)).toBeCloseTo(2 / 3, 12);
    expect(hitAt(ranks, 10)).toBe(1);
    expect(mrr(ranks)).toBeCloseTo((1 + 1 / 3 + 0.1) / 3, 12);
    const s = summarize(cos, ranks);
    expect(s.meanRank).toBeCloseTo(14 / 3, 12);
    expect(s.hit20).toBe(1);
    expect(s.n).toBe(3);
  });
  it('Hit@K curve matches hitAt for every K', () => {
    const curve = hitCurve(ranks, 12);
    expect(curve).toHaveLength(12);
    curve.forEach((v, i) => expect(v).toBeCloseTo(hitAt(ranks, i + 1), 12));
    expect(hitCurve([60])[49]).toBe(0);
  });
});
