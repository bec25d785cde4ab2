/**
 * The round trip (the Large Concept Model paper's check that a predicted vector means a sentence):
 * decode a prediction to its nearest bank sentence, re-embed that sentence's text, and compare.
 * Definitions: docs/metrics.md, "Round trip". Pure functions over row-major [n, d] arrays.
 */
import { cosineRows } from './cosine';

/** Per-window round-trip numbers of one predictor. */
export interface RoundTrip {
  /** [n] cos(prediction, re-embedded decoded sentence): does the text say what the vector says? */
  predVsReembedded: Float32Array;
  /** [n] cos(target, re-embedded decoded sentence): how close the text is to the true next one */
  targetVsReembedded: Float32Array;
  /** [n] 1 − cos(prediction, nearest bank sentence): how far off the manifold of real sentences */
  manifoldDistance: Float32Array;
}

/**
 * Round-trip numbers for n windows: `prediction`, `targets` and `reembedded` are [n, d] (rows need
 * not be unit length), `top1Cosine` [n] is cos(prediction, its nearest bank sentence).
 */
export function roundTrip(
  prediction: Float32Array,
  targets: Float32Array,
  reembedded: Float32Array,
  top1Cosine: Float32Array,
  n: number,
  d: number,
): RoundTrip {
  return {
    predVsReembedded: cosineRows(prediction, reembedded, n, d),
    targetVsReembedded: cosineRows(targets, reembedded, n, d),
    manifoldDistance: Float32Array.from(top1Cosine.subarray(0, n), (c) => 1 - c),
  };
}

/** Mean of xs (NaN when empty: no windows, no number). */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : NaN;
}

/**
 * At most `cap` of `windows`, evenly spaced and in order: a sample that spans the whole split (or
 * the whole Map selection) rather than its first articles, and is the same on every run.
 */
export function sampleWindows(windows: readonly number[], cap: number): number[] {
  if (windows.length <= cap) return windows.slice();
  if (cap <= 0) return [];
  return Array.from({ length: cap }, (_, i) => windows[Math.floor((i * windows.length) / cap)]);
}

/**
 * Each distinct text once, in first-seen order, and for each input the position of its text there:
 * a sentence decoded by several windows or models is embedded once.
 */
export function dedupe(texts: readonly string[]): { unique: string[]; index: Int32Array } {
  const at = new Map<string, number>();
  const index = Int32Array.from(texts, (t) => {
    let i = at.get(t);
    if (i === undefined) at.set(t, (i = at.size));
    return i;
  });
  return { unique: [...at.keys()], index };
}

/** Rows `rows` of a row-major [*, d] array, in that order, as one [rows.length, d] array. */
export function gather(src: Float32Array, rows: ArrayLike<number>, d: number): Float32Array {
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++)
    out.set(src.subarray(rows[i] * d, (rows[i] + 1) * d), i * d);
  return out;
}
