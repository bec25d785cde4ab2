/** What a rank search is asked and answers, whichever kernel runs it (retrievalKernel.ts). */
import type { Backend } from './types';

export interface SearchRequest {
  /** [n, d] predictions */
  queries: Float32Array;
  n: number;
  /** bank index of each target, -1 when not in the bank (then `targets` is required) */
  targetIndex: Int32Array;
  /** [n, k] bank index of a row holding each context vector, -1 = none; its whole value group is excluded */
  contextIndex: Int32Array;
  k: number;
  /** neighbours to return per query (after exclusion) */
  top: number;
  /** [n, d] target vectors, read only for rows with targetIndex -1 */
  targets?: Float32Array;
}

export interface SearchResult {
  n: number;
  top: number;
  /** [n] target rank (1 = best) */
  ranks: Int32Array;
  /** [n] cosine-score of the target (query-norm dependent; the view shows `cosineRows` instead) */
  targetScores: Float32Array;
  /** [n, top] bank indices of the nearest non-excluded entries, best first */
  topIndices: Int32Array;
  /** [n, top] their scores */
  topScores: Float32Array;
  /** [n, top] the same scores before rounding to float32 (the WebAssembly kernel's), for merging slices */
  exactTopScores?: Float64Array;
  backend: Backend;
  wallMs: number;
}
