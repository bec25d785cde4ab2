import type { KnnGraph } from './types';

/** Top-k similarities and indices for a block of queries against all points, rows sorted descending. */
export type KnnBlockRunner = (
  queries: Float32Array,
  rows: number,
  points: Float32Array,
  n: number,
  dim: number,
  k: number,
) => Promise<{ values: Float32Array; indices: Int32Array }>;

export interface KnnOptions {
  /** queries per block; by default enough to keep a block's score matrix near 64 MB */
  blockRows?: number;
  /** called after each block; throw from it to stop */
  onBlock?: (done: number, total: number) => void | Promise<void>;
}

/** Rows per block so that one [rows, n] score matrix stays near 16M floats. */
export function defaultBlockRows(n: number): number {
  return Math.max(64, Math.min(2048, Math.floor(16_000_000 / Math.max(1, n))));
}

/**
 * Exact kNN in cosine geometry for unit-norm vectors, computed in query blocks by `runBlock`.
 * Each row starts with the point itself at distance 0 (umap's convention), even when a duplicate
 * vector ties with it.
 */
export async function exactKnn(
  points: Float32Array,
  n: number,
  dim: number,
  k: number,
  runBlock: KnnBlockRunner,
  options: KnnOptions = {},
): Promise<KnnGraph> {
  if (k > n) throw new RangeError(`k=${k} exceeds the ${n} points`);
  const blockRows = options.blockRows ?? defaultBlockRows(n);
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let start = 0; start < n; start += blockRows) {
    const rows = Math.min(blockRows, n - start);
    const queries = points.subarray(start * dim, (start + rows) * dim);
    const out = await runBlock(queries, rows, points, n, dim, k);
    for (let r = 0; r < rows; r++) {
      placeRow(start + r, out.values, out.indices, r * k, k, indices, distances);
    }
    await options.onBlock?.(start + rows, n);
  }
  return { n, k, indices, distances };
}

/** Writes row `self` with itself first, then the other neighbours in order, as distances. */
export function placeRow(
  self: number,
  values: Float32Array,
  found: Int32Array,
  offset: number,
  k: number,
  indices: Int32Array,
  distances: Float32Array,
): void {
  const base = self * k;
  indices[base] = self;
  distances[base] = 0;
  let w = 1;
  for (let j = 0; j < k && w < k; j++) {
    const idx = found[offset + j];
    if (idx === self) continue;
    indices[base + w] = idx;
    // Rounding can push a similarity a hair above 1; a distance is never negative.
    distances[base + w] = Math.max(0, 1 - values[offset + j]);
    w++;
  }
}

/** The reference: plain dot products and a full sort per row. Slow; for tests and tiny inputs. */
export const bruteForceBlock: KnnBlockRunner = async (queries, rows, points, n, dim, k) => {
  const values = new Float32Array(rows * k);
  const indices = new Int32Array(rows * k);
  const scores = new Float32Array(n);
  const order = new Int32Array(n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += queries[r * dim + d] * points[j * dim + d];
      scores[j] = s;
      order[j] = j;
    }
    order.sort((a, b) => scores[b] - scores[a] || a - b);
    for (let j = 0; j < k; j++) {
      values[r * k + j] = scores[order[j]];
      indices[r * k + j] = order[j];
    }
  }
  return { values, indices };
};
