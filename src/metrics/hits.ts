/** Split-level summaries of per-window cosines and ranks (docs/metrics.md, "Per split"). */

export const HIT_CURVE_MAX = 50;

export interface MetricSummary {
  n: number;
  cosineMean: number;
  /** population standard deviation */
  cosineStd: number;
  hit1: number;
  hit5: number;
  hit10: number;
  hit20: number;
  mrr: number;
  meanRank: number;
  /** Hit@K for K = 1..HIT_CURVE_MAX (index 0 is Hit@1) */
  hitCurve: number[];
}

/** Mean and population standard deviation; NaN for an empty array. */
export function meanStd(x: ArrayLike<number>): { mean: number; std: number } {
  const n = x.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / n) };
}

/** Share of ranks <= k (0..1). */
export function hitAt(ranks: ArrayLike<number>, k: number): number {
  if (ranks.length === 0) return NaN;
  let c = 0;
  for (let i = 0; i < ranks.length; i++) if (ranks[i] <= k) c++;
  return c / ranks.length;
}

/** Mean reciprocal rank. */
export function mrr(ranks: ArrayLike<number>): number {
  if (ranks.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < ranks.length; i++) s += 1 / ranks[i];
  return s / ranks.length;
}

/** Hit@K for K = 1..maxK in one pass (a histogram of ranks, then a running sum). */
export function hitCurve(ranks: ArrayLike<number>, maxK = HIT_CURVE_MAX): number[] {
  const counts = new Array<number>(maxK + 1).fill(0);
  for (let i = 0; i < ranks.length; i++) if (ranks[i] <= maxK) counts[ranks[i]]++;
  const out: number[] = [];
  let run = 0;
  for (let k = 1; k <= maxK; k++) {
    run += counts[k];
    out.push(ranks.length ? run / ranks.length : NaN);
  }
  return out;
}

/** Every split-level figure from per-window cosines and ranks. */
export function summarize(cosines: ArrayLike<number>, ranks: ArrayLike<number>): MetricSummary {
  const { mean, std } = meanStd(cosines);
  return {
    n: ranks.length,
    cosineMean: mean,
    cosineStd: std,
    hit1: hitAt(ranks, 1),
    hit5: hitAt(ranks, 5),
    hit10: hitAt(ranks, 10),
    hit20: hitAt(ranks, 20),
    mrr: mrr(ranks),
    meanRank: meanStd(ranks).mean,
    hitCurve: hitCurve(ranks),
  };
}
