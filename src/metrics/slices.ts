/**
 * Error slices: windows grouped by one property (a slice key), and every metric per group with its
 * standard error. Pure functions over per-window arrays; docs/metrics.md, "Error slices".
 */
import { dotRows, rowNorm } from './cosine';

/** Windows grouped by one key: `slice[w]` is the group of window w (-1: in no group). */
export interface Slicing {
  labels: string[];
  slice: Int32Array;
}

/** Metric of one group: mean over its windows and standard error (population std / √n). */
export interface SliceStat {
  n: number;
  mean: number;
  se: number;
}

/** Metrics over the windows of each group of a slicing, for one predictor. */
export interface SliceMetrics {
  cosine: SliceStat[];
  hit5: SliceStat[];
  mrr: SliceStat[];
}

/**
 * Position bins of the target in its article, counted from the first position a window can have.
 * Offset o = p − K, p the target's 1-based sentence number (p ≥ K + 1); each bin holds lo ≤ o ≤ hi.
 */
export const POSITION_BINS: ReadonlyArray<[number, number]> = [
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 5],
  [6, 10],
  [11, Infinity],
];

/** Groups windows by the target's 1-based sentence number p in its article (POSITION_BINS, labelled by p). */
export function positionSlices(positions: ArrayLike<number>, k: number): Slicing {
  const labels = POSITION_BINS.map(([lo, hi]) =>
    hi === Infinity ? `${lo + k}+` : lo === hi ? `${lo + k}` : `${lo + k}–${hi + k}`,
  );
  const slice = new Int32Array(positions.length);
  for (let w = 0; w < positions.length; w++) {
    const o = positions[w] - k;
    slice[w] = POSITION_BINS.findIndex(([lo, hi]) => o >= lo && o <= hi);
  }
  return dropEmpty({ labels, slice });
}

/**
 * Quantile bins: edge i (i = 1..q−1) is the value at sorted index ⌊i·n/q⌋; repeated edges merge.
 * Bin b holds edge_b ≤ v < edge_{b+1} (the first bin is open below, the last open above), so a
 * value equal to an edge belongs to the bin above it. Bins left empty by repeated edges are dropped.
 */
export function quantileSlices(
  values: ArrayLike<number>,
  q: number,
  format: (lo: number, hi: number, last: boolean) => string = formatRange,
): Slicing {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  for (let i = 1; i < q; i++) {
    const e = sorted[Math.floor((i * n) / q)];
    if (n > 0 && e > sorted[0]) edges.push(e);
  }
  const slice = new Int32Array(n);
  for (let w = 0; w < n; w++) {
    let b = 0;
    while (b < edges.length && values[w] >= edges[b]) b++;
    slice[w] = b;
  }
  const bounds = [sorted[0], ...edges, sorted[n - 1]];
  const labels = edges
    .concat([Infinity])
    .map((_, b) => format(bounds[b], bounds[b + 1], b === edges.length));
  return dropEmpty({ labels, slice });
}

/** "[0.21, 0.35)" for a bin of real values (the last bin is closed: "[0.35, 0.61]"). */
export function formatRange(lo: number, hi: number, last: boolean): string {
  return `[${lo.toFixed(2)}, ${hi.toFixed(2)}${last ? ']' : ')'}`;
}

/** "6–8" for a bin of integers lo ≤ v < hi (the last bin includes hi). */
export function formatIntRange(lo: number, hi: number, last: boolean): string {
  const top = last ? hi : hi - 1;
  return top <= lo ? `${lo}` : `${lo}–${top}`;
}

/** One group per distinct label, largest first; beyond `max` groups the rest become "other". */
export function categorySlices(values: readonly string[], max = 12): Slicing {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const order = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const kept = order.length > max ? order.slice(0, max - 1) : order;
  const index = new Map(kept.map(([label], i) => [label, i]));
  const labels = kept.map(([label]) => label);
  if (order.length > max) labels.push('other');
  const slice = Int32Array.from(values, (v) => index.get(v) ?? labels.length - 1);
  return { labels, slice };
}

/** Removes groups no window falls in (and renumbers the rest, keeping their order). */
function dropEmpty(s: Slicing): Slicing {
  const used = new Set(s.slice);
  const renumber = s.labels.map((_, i) => (used.has(i) ? 1 : 0));
  const newIndex: number[] = [];
  let next = 0;
  for (const u of renumber) newIndex.push(u ? next++ : -1);
  return {
    labels: s.labels.filter((_, i) => renumber[i]),
    slice: s.slice.map((b) => (b < 0 ? -1 : newIndex[b])),
  };
}

/** Mean pairwise cosine of the K context vectors of each window ([n, k, d]); NaN when k < 2. */
export function contextCoherence(contexts: Float32Array, n: number, k: number, d: number) {
  const out = new Float32Array(n);
  for (let w = 0; w < n; w++) {
    let s = 0;
    for (let a = 0; a < k; a++) {
      const na = rowNorm(contexts, w * k + a, d);
      for (let b = a + 1; b < k; b++) {
        const denom = na * rowNorm(contexts, w * k + b, d);
        s += denom > 0 ? dotRows(contexts, w * k + a, contexts, w * k + b, d) / denom : 0;
      }
    }
    out[w] = k < 2 ? NaN : s / ((k * (k - 1)) / 2);
  }
  return out;
}

/** The mean of each window's K context vectors, scaled to unit length: [n, d]. */
export function contextMeans(contexts: Float32Array, n: number, k: number, d: number) {
  const out = new Float32Array(n * d);
  for (let w = 0; w < n; w++) {
    for (let j = 0; j < k; j++)
      for (let i = 0; i < d; i++) out[w * d + i] += contexts[(w * k + j) * d + i];
    const norm = rowNorm(out, w, d);
    if (norm > 0) for (let i = 0; i < d; i++) out[w * d + i] /= norm;
  }
  return out;
}

/** Mean and standard error (population std / √n) of `values` at `rows`. */
export function meanSe(values: ArrayLike<number>, rows: readonly number[]): SliceStat {
  const n = rows.length;
  if (n === 0) return { n, mean: NaN, se: NaN };
  let s = 0;
  for (const r of rows) s += values[r];
  const mean = s / n;
  let v = 0;
  for (const r of rows) v += (values[r] - mean) ** 2;
  return { n, mean, se: Math.sqrt(v / n / n) };
}

/** The window indices of each group, in window order. */
export function sliceRows(s: Slicing): number[][] {
  const rows: number[][] = s.labels.map(() => []);
  s.slice.forEach((b, w) => b >= 0 && rows[b].push(w));
  return rows;
}

/**
 * Mean cosine, Hit@5 and MRR per group with standard errors. Hit@5 is a 0/1 value per window, so
 * its s.e. is the proportion's √(p(1−p)/n).
 */
export function sliceMetrics(
  rows: number[][],
  cosines: ArrayLike<number>,
  ranks: ArrayLike<number>,
): SliceMetrics {
  const hit = Float64Array.from(ranks, (r) => (r <= 5 ? 1 : 0));
  const rr = Float64Array.from(ranks, (r) => 1 / r);
  return {
    cosine: rows.map((r) => meanSe(cosines, r)),
    hit5: rows.map((r) => meanSe(hit, r)),
    mrr: rows.map((r) => meanSe(rr, r)),
  };
}
