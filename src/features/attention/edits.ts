/**
 * Context edits as pure array transforms: occlusion copies (mean of the other positions, or removal),
 * a swapped sentence, Gaussian noise. Inputs are contexts [n, k, d]; outputs are fresh arrays.
 */
import { normalizeRows } from '../../metrics/cosine';
import { seededRandom } from '../../projection/random';
import type { Dataset } from '../../data/types';

/**
 * n * k copies [n * k, k, d]: copy (i, a) is window i with position a replaced by the mean of its
 * other k - 1 positions, re-normalised (the models only ever saw unit sentence vectors).
 */
export function occludeByMean(
  contexts: Float32Array,
  n: number,
  k: number,
  d: number,
): Float32Array {
  if (k < 2) throw new Error('occlusion by the mean of the other positions needs K ≥ 2');
  const out = new Float32Array(n * k * k * d);
  const sum = new Float64Array(d);
  const mean = new Float32Array(d);
  for (let i = 0; i < n; i++) {
    const win = contexts.subarray(i * k * d, (i + 1) * k * d);
    sum.fill(0);
    for (let j = 0; j < k * d; j++) sum[j % d] += win[j];
    for (let a = 0; a < k; a++) {
      let norm = 0;
      for (let j = 0; j < d; j++) {
        mean[j] = (sum[j] - win[a * d + j]) / (k - 1);
        norm += mean[j] * mean[j];
      }
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let j = 0; j < d; j++) mean[j] *= inv;
      const o = (i * k + a) * k * d;
      out.set(win, o);
      out.set(mean, o + a * d);
    }
  }
  return out;
}

/** n * k copies [n * k, k - 1, d]: copy (i, a) is window i without position a (models with dynamic K). */
export function occludeByRemoval(
  contexts: Float32Array,
  n: number,
  k: number,
  d: number,
): Float32Array {
  if (k < 2) throw new Error('removing a position needs K ≥ 2');
  const out = new Float32Array(n * k * (k - 1) * d);
  for (let i = 0; i < n; i++) {
    const win = contexts.subarray(i * k * d, (i + 1) * k * d);
    for (let a = 0; a < k; a++) {
      const o = (i * k + a) * (k - 1) * d;
      out.set(win.subarray(0, a * d), o);
      out.set(win.subarray((a + 1) * d), o + a * d);
    }
  }
  return out;
}

/** Saliency [n, k]: base cosine of window i minus the cosine of its copy with position a occluded. */
export function saliency(
  base: ArrayLike<number>,
  occluded: ArrayLike<number>,
  n: number,
  k: number,
): Float32Array {
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < k; a++) out[i * k + a] = base[i] - occluded[i * k + a];
  return out;
}

/** One window [k, d] with position `pos` replaced by `vector` [d]. */
export function swapPosition(
  window: Float32Array,
  k: number,
  d: number,
  pos: number,
  vector: Float32Array,
): Float32Array {
  if (pos < 0 || pos >= k) throw new Error(`position ${pos} is outside 0..${k - 1}`);
  const out = window.slice(0, k * d);
  out.set(vector.subarray(0, d), pos * d);
  return out;
}

/** A standard normal draw (Box–Muller) from a uniform source. */
export function gaussian(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Adds Gaussian noise of L2 size `size` (per-component σ = size / √d, so ‖noise‖ ≈ size) to the
 * chosen rows of x [rows, d] in place, then re-normalises those rows. `rows` null = every row.
 */
export function addNoiseInPlace(
  x: Float32Array,
  d: number,
  size: number,
  rand: () => number,
  rows: ArrayLike<number> | null = null,
): void {
  const count = rows ? rows.length : x.length / d;
  const sigma = size / Math.sqrt(d);
  for (let r = 0; r < count; r++) {
    const row = rows ? rows[r] : r;
    const o = row * d;
    let norm = 0;
    for (let j = 0; j < d; j++) {
      x[o + j] += sigma * gaussian(rand);
      norm += x[o + j] * x[o + j];
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j++) x[o + j] *= inv;
  }
}

/**
 * One batch for a noise sweep: [sizes.length * n, k, d], block s holding every window with noise of
 * size sizes[s] on all its positions. Seeded, so a re-run gives the same noise.
 */
export function noisyCopies(
  contexts: Float32Array,
  n: number,
  k: number,
  d: number,
  sizes: readonly number[],
  seed = 1,
): Float32Array {
  const block = n * k * d;
  const out = new Float32Array(sizes.length * block);
  const rand = seededRandom(seed);
  sizes.forEach((size, s) => {
    const view = out.subarray(s * block, (s + 1) * block);
    view.set(contexts.subarray(0, block));
    if (size > 0) addNoiseInPlace(view, d, size, rand);
  });
  return out;
}

/** Unit copy of one vector. */
export function unit(v: Float32Array): Float32Array {
  return normalizeRows(v, 1, v.length);
}

/** A context edit of the Robustness panel. */
export type Edit =
  | { pos: number; kind: 'swap'; bank: number }
  | { pos: number | 'all'; kind: 'noise'; size: number };

/** The window with `edits` applied in order; noise is seeded by the edit's place in the list. */
export function applyEdits(
  window: Float32Array,
  k: number,
  d: number,
  edits: Edit[],
  bank: Dataset['bank'],
): Float32Array {
  let w: Float32Array = window.slice();
  edits.forEach((e, j) => {
    if (e.kind === 'swap')
      w = swapPosition(w, k, d, e.pos, unit(bank.vectors.subarray(e.bank * d, (e.bank + 1) * d)));
    else addNoiseInPlace(w, d, e.size, seededRandom(1000 + j), e.pos === 'all' ? null : [e.pos]);
  });
  return w;
}
