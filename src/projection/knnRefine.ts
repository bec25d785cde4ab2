import { RowDots } from './rowDots';
import type { KnnGraph } from './types';

/**
 * Rounds after the cluster-pruned search: with two, the graph of 100,000 stream points took 17.3 s
 * (cells ~9 s, refinement ~8 s) and its layout kept more exact neighbours than umap-learn's; with
 * one, 10-NN kept fell below umap-learn's (see NEAREST_OF_NEIGHBOUR).
 */
export const REFINE_ROUNDS = 2;

/**
 * How many of a neighbour's nearest neighbours become candidates (pynndescent likewise caps its
 * candidates). `node bench/mapScale.bench.mjs layout --n 100000` on a quiet machine, 2 rounds:
 * all 14 took 38.4–39.1 s with 10-NN kept 0.0229; the nearest 8 took 33.2 s with 0.0211
 * (umap-learn: 0.0193); one round of all 14 took 34.4 s with 0.0144.
 */
export const NEAREST_OF_NEIGHBOUR = 8;

/**
 * Rounds of neighbour-of-neighbour refinement (NN-descent's local join, one side at a time):
 * every point checks the points that list it and the nearest NEAREST_OF_NEIGHBOUR neighbours of
 * its neighbours and of the points that list it, and keeps any nearer than its current k-th. A
 * cluster-pruned search misses neighbours across cell borders; a point's neighbours' neighbours
 * cross those borders, so a round recovers many.
 * In place, row by row (a row improved early helps the rows after it), deterministic. Rows keep
 * the point itself first.
 * Returns the number of neighbours replaced per round.
 */
export async function refineKnn(
  points: Float32Array,
  dim: number,
  graph: KnnGraph,
  rounds = REFINE_ROUNDS,
  /** called every 4,096 rows (done, total over all rounds); throw from it to stop */
  onRows?: (done: number, total: number) => void | Promise<void>,
): Promise<number[]> {
  const { n, k, indices, distances } = graph;
  const changed: number[] = [];
  // At most k - 1 reverse neighbours with k candidates each, and (k - 1)² neighbours' neighbours.
  const dots = new RowDots(points, n, dim, (k - 1) * k + (k - 1) ** 2);
  const ids = dots.ids;
  const mark = new Int32Array(n).fill(-1);
  const kc = Math.min(k, NEAREST_OF_NEIGHBOUR + 1);
  for (let round = 0; round < rounds; round++) {
    mark.fill(-1);
    // Reverse neighbours (who lists i), at most k - 1 per point, as CSR.
    const revStart = new Int32Array(n + 1);
    for (let e = 0; e < n * k; e++) if (e % k && indices[e] >= 0) revStart[indices[e] + 1]++;
    for (let i = 0; i < n; i++) revStart[i + 1] = revStart[i] + Math.min(k - 1, revStart[i + 1]);
    const rev = new Int32Array(revStart[n]);
    const fill = revStart.slice(0, n);
    for (let e = 0; e < n * k; e++) {
      const j = indices[e];
      if (!(e % k) || j < 0 || fill[j] >= revStart[j + 1]) continue;
      rev[fill[j]++] = Math.floor(e / k);
    }
    let replaced = 0;
    for (let i = 0; i < n; i++) {
      // Candidates: who lists i, i's neighbours' neighbours, and the neighbours of who lists i,
      // read from the rows as they stand before i's row changes. mark[l] === i: l is in i's row
      // or already a candidate (neighbours' neighbours repeat a lot; each is scored once).
      const row = i * k;
      mark[i] = i;
      for (let c = 1; c < k; c++) if (indices[row + c] >= 0) mark[indices[row + c]] = i;
      let m = 0;
      const add = (l: number) => {
        if (l < 0 || mark[l] === i) return;
        mark[l] = i;
        ids[m++] = l;
      };
      for (let r = revStart[i]; r < revStart[i + 1]; r++) {
        const j = rev[r];
        add(j);
        for (let b = 1; b < kc; b++) add(indices[j * k + b]);
      }
      for (let a = 1; a < k; a++) {
        const j = indices[row + a];
        if (j < 0) continue;
        for (let b = 1; b < kc; b++) add(indices[j * k + b]);
      }
      const scores = dots.dots(i, m);
      for (let t = 0; t < m; t++) {
        const dist = Math.max(0, 1 - scores[t]);
        if (dist >= distances[row + k - 1]) continue;
        // Insert in order, dropping the last.
        let p = k - 1;
        while (p > 1 && distances[row + p - 1] > dist) {
          distances[row + p] = distances[row + p - 1];
          indices[row + p] = indices[row + p - 1];
          p--;
        }
        distances[row + p] = dist;
        indices[row + p] = ids[t];
        replaced++;
      }
      if (onRows && (i & 4095) === 4095) await onRows(round * n + i + 1, rounds * n);
    }
    changed.push(replaced);
  }
  return changed;
}
