import { placeRow, type KnnBlockRunner } from './knn';
import { seededRandom } from './random';
import type { KnnGraph } from './types';

export interface ClusterKnnOptions {
  /** number of k-means cells; default √n */
  clusters?: number;
  /** cells searched per query cell (its own included); default 10 */
  probes?: number;
  /** Lloyd iterations of the spherical k-means; default 4 */
  iterations?: number;
  seed?: number;
  /** called after each searched cell (done, total cells); throw from it to stop */
  onBlock?: (done: number, total: number) => void | Promise<void>;
}

/** k-means cells for n points: √n, so cell count and cell size grow alike. */
export function defaultClusters(n: number): number {
  return Math.max(1, Math.round(Math.sqrt(n)));
}

export const DEFAULT_PROBES = 10;

/**
 * Approximate kNN in cosine geometry by a cluster-pruned search (an inverted file): spherical
 * k-means cuts the points into √n cells; each point is listed in its nearest and second-nearest
 * cell (so points on a border are found from both sides); the queries of one cell are compared,
 * by `runBlock`, with the points listed in the `probes` cells whose centres are nearest its centre.
 * Every product goes through `runBlock` (the ORT kernel in the worker), so the cost is
 * ~n·(2·probes·n/cells + cells)·dim instead of the exact search's n²·dim. Rows are laid out as
 * exactKnn's: the point itself first at distance 0.
 */
export async function clusterKnn(
  points: Float32Array,
  n: number,
  dim: number,
  k: number,
  runBlock: KnnBlockRunner,
  options: ClusterKnnOptions = {},
): Promise<KnnGraph> {
  if (k > n) throw new RangeError(`k=${k} exceeds the ${n} points`);
  const cells = Math.min(n, options.clusters ?? defaultClusters(n));
  const probes = Math.min(cells, options.probes ?? DEFAULT_PROBES);
  const centres = await sphericalKMeans(
    points,
    n,
    dim,
    cells,
    options.iterations ?? 4,
    runBlock,
    options.seed ?? 1,
  );

  // Nearest and second-nearest cell of every point.
  const nearest = await nearestCells(points, n, dim, centres, cells, Math.min(2, cells), runBlock);
  const home = new Int32Array(n);
  const listed = new Int32Array(cells + 1); // CSR offsets of each cell's listed points
  const homeCount = new Int32Array(cells + 1);
  const per = nearest.k;
  for (let i = 0; i < n; i++) {
    home[i] = nearest.indices[i * per];
    homeCount[home[i] + 1]++;
    for (let j = 0; j < per; j++) listed[nearest.indices[i * per + j] + 1]++;
  }
  for (let c = 0; c < cells; c++) {
    listed[c + 1] += listed[c];
    homeCount[c + 1] += homeCount[c];
  }
  const members = new Int32Array(listed[cells]);
  const queriesOf = new Int32Array(n);
  const fillL = listed.slice(0, cells);
  const fillH = homeCount.slice(0, cells);
  for (let i = 0; i < n; i++) {
    queriesOf[fillH[home[i]]++] = i;
    for (let j = 0; j < per; j++) members[fillL[nearest.indices[i * per + j]]++] = i;
  }

  // The cells nearest each cell's centre (itself first).
  const probe = await runBlock(centres, cells, centres, cells, dim, probes);

  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  const seen = new Int32Array(n).fill(-1);
  let candidates = new Int32Array(1024);
  let candBuf = new Float32Array(1024 * dim);
  let queryBuf = new Float32Array(1024 * dim);
  for (let c = 0; c < cells; c++) {
    const q0 = homeCount[c];
    const rows = homeCount[c + 1] - q0;
    if (rows > 0) {
      let m = 0;
      const add = (cell: number) => {
        for (let p = listed[cell]; p < listed[cell + 1]; p++) {
          const i = members[p];
          if (seen[i] === c) continue;
          seen[i] = c;
          if (m === candidates.length) candidates = grow(candidates, m * 2);
          candidates[m++] = i;
        }
      };
      add(c);
      for (let j = 0; j < probes; j++) {
        const cell = probe.indices[c * probes + j];
        if (cell !== c) add(cell);
      }
      // Too few listed points to fill a row (tiny inputs): search every point.
      if (m < k) for (let i = 0; i < n; i++) if (seen[i] !== c) add(home[i]);
      if (candBuf.length < m * dim) candBuf = new Float32Array(m * dim * 2);
      for (let j = 0; j < m; j++) {
        const i = candidates[j];
        candBuf.set(points.subarray(i * dim, (i + 1) * dim), j * dim);
      }
      if (queryBuf.length < rows * dim) queryBuf = new Float32Array(rows * dim * 2);
      for (let r = 0; r < rows; r++) {
        const i = queriesOf[q0 + r];
        queryBuf.set(points.subarray(i * dim, (i + 1) * dim), r * dim);
      }
      const out = await runBlock(
        queryBuf.subarray(0, rows * dim),
        rows,
        candBuf.subarray(0, m * dim),
        m,
        dim,
        k,
      );
      for (let j = 0; j < out.indices.length; j++) out.indices[j] = candidates[out.indices[j]];
      for (let r = 0; r < rows; r++) {
        placeRow(queriesOf[q0 + r], out.values, out.indices, r * k, k, indices, distances);
      }
    }
    await options.onBlock?.(c + 1, cells);
  }
  return { n, k, indices, distances };
}

function grow(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** The `per` nearest centres of every point, in blocks through `runBlock`. */
async function nearestCells(
  points: Float32Array,
  n: number,
  dim: number,
  centres: Float32Array,
  cells: number,
  per: number,
  runBlock: KnnBlockRunner,
): Promise<{ k: number; indices: Int32Array }> {
  const indices = new Int32Array(n * per);
  const rows = 4096;
  for (let start = 0; start < n; start += rows) {
    const r = Math.min(rows, n - start);
    const out = await runBlock(
      points.subarray(start * dim, (start + r) * dim),
      r,
      centres,
      cells,
      dim,
      per,
    );
    indices.set(out.indices, start * per);
  }
  return { k: per, indices };
}

/**
 * Spherical k-means (cosine): centres start at distinct seeded points, then Lloyd iterations on a
 * seeded sample of 40 points per cell (enough to place a centre; all n points would cost as much
 * as the search itself), each centre the normalised mean of its points.
 */
async function sphericalKMeans(
  points: Float32Array,
  n: number,
  dim: number,
  cells: number,
  iterations: number,
  runBlock: KnnBlockRunner,
  seed: number,
): Promise<Float32Array> {
  const rand = seededRandom(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const take = Math.min(n, cells * 40);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const sample = new Float32Array(take * dim);
  for (let s = 0; s < take; s++)
    sample.set(points.subarray(order[s] * dim, (order[s] + 1) * dim), s * dim);
  const centres = sample.slice(0, cells * dim);
  const sums = new Float64Array(cells * dim);
  const counts = new Int32Array(cells);
  for (let it = 0; it < iterations; it++) {
    const { indices } = await nearestCells(sample, take, dim, centres, cells, 1, runBlock);
    sums.fill(0);
    counts.fill(0);
    for (let s = 0; s < take; s++) {
      const c = indices[s];
      counts[c]++;
      for (let d = 0; d < dim; d++) sums[c * dim + d] += sample[s * dim + d];
    }
    for (let c = 0; c < cells; c++) {
      if (!counts[c]) continue; // an empty cell keeps its centre
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += sums[c * dim + d] ** 2;
      const inv = 1 / Math.sqrt(norm || 1);
      for (let d = 0; d < dim; d++) centres[c * dim + d] = sums[c * dim + d] * inv;
    }
  }
  return centres;
}
