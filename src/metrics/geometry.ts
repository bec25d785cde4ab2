/**
 * Geometry of a predictor's outputs against the targets: regression to the context mean, collapse
 * (mean pairwise cosine), effective dimensionality and per-dimension variance. docs/metrics.md,
 * "Geometry". Every function takes row-major [n, d] arrays.
 */
import { dotRows, rowNorm } from './cosine';

/** cos(prediction_w, m_w) − cos(target_w, m_w) per window, m_w the unit context mean. */
export function regressionToMean(
  predictions: Float32Array,
  targets: Float32Array,
  means: Float32Array,
  n: number,
  d: number,
): Float32Array {
  const cos = (x: Float32Array, w: number) => {
    const denom = rowNorm(x, w, d) * rowNorm(means, w, d);
    return denom > 0 ? dotRows(x, w, means, w, d) / denom : 0;
  };
  const out = new Float32Array(n);
  for (let w = 0; w < n; w++) out[w] = cos(predictions, w) - cos(targets, w);
  return out;
}

/** Up to `max` row indices of 0..n−1, evenly spaced (all rows when n ≤ max). */
export function evenSample(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
}

/** Mean of cos(x_i, x_j) over every pair i < j of `rows`; NaN for fewer than two rows. */
export function meanPairwiseCosine(x: Float32Array, rows: readonly number[], d: number): number {
  const norms = rows.map((r) => rowNorm(x, r, d));
  let s = 0;
  let pairs = 0;
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) {
      const denom = norms[a] * norms[b];
      s += denom > 0 ? dotRows(x, rows[a], x, rows[b], d) / denom : 0;
      pairs++;
    }
  }
  return pairs ? s / pairs : NaN;
}

/** Column means of x [n, d]. */
function columnMeans(x: Float32Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mean[i] += x[r * d + i];
  for (let i = 0; i < d; i++) mean[i] /= n;
  return mean;
}

/**
 * Participation ratio (Σλ)² / Σλ² of the covariance C = XcᵀXc / n (Xc: x centred per column).
 * Exact without eigenvalues: Σλ = tr(C) and Σλ² = ‖C‖²_F; ‖XcᵀXc‖_F = ‖XcXcᵀ‖_F, so the smaller of
 * the d×d and n×n products is formed. 0 when every row is the same.
 */
export function participationRatio(x: Float32Array, n: number, d: number): number {
  if (n === 0) return NaN;
  const mean = columnMeans(x, n, d);
  const xc = new Float64Array(n * d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) xc[r * d + i] = x[r * d + i] - mean[i];
  let trace = 0;
  for (let j = 0; j < n * d; j++) trace += xc[j] * xc[j];
  let frob = 0;
  if (d <= n) {
    const col = new Float64Array(n * d); // column-major copy so each dot product is contiguous
    for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) col[i * n + r] = xc[r * d + i];
    for (let a = 0; a < d; a++)
      for (let b = a; b < d; b++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += col[a * n + r] * col[b * n + r];
        frob += (a === b ? 1 : 2) * s * s;
      }
  } else {
    for (let a = 0; a < n; a++)
      for (let b = a; b < n; b++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += xc[a * d + i] * xc[b * d + i];
        frob += (a === b ? 1 : 2) * s * s;
      }
  }
  // The 1/n of C cancels in the ratio.
  return frob > 0 ? (trace * trace) / frob : 0;
}

/** Population variance of every column of x [n, d]. */
export function columnVariances(x: Float32Array, n: number, d: number): Float64Array {
  const mean = columnMeans(x, n, d);
  const v = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) v[i] += (x[r * d + i] - mean[i]) ** 2;
  for (let i = 0; i < d; i++) v[i] /= n;
  return v;
}

/** Target dimensions varying less than this share of the mean target variance count as constant. */
export const CONSTANT_VARIANCE_SHARE = 1e-6;

/**
 * var(pred_i) / var(target_i) per dimension i, ascending. Dimensions whose targets are (numerically)
 * constant are left out: their ratio is float noise divided by float noise, often 10⁹ or more.
 */
export function varianceRatios(
  predictions: Float32Array,
  targets: Float32Array,
  n: number,
  d: number,
): Float64Array {
  const vp = columnVariances(predictions, n, d);
  const vt = columnVariances(targets, n, d);
  const floor = (CONSTANT_VARIANCE_SHARE * vt.reduce((a, b) => a + b, 0)) / d;
  const out: number[] = [];
  for (let i = 0; i < d; i++) if (vt[i] > floor) out.push(vp[i] / vt[i]);
  return Float64Array.from(out).sort();
}

/** Median of an ascending array; NaN when empty. */
export function medianSorted(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  return n % 2 ? x[(n - 1) / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}
