/** Seeded k-means on 2-D points (the map's layout): k-means++ init, Lloyd iterations, deterministic. */
import { seededRandom } from './random';

export interface KMeansResult {
  k: number;
  /** cluster of each point */
  assignment: Int32Array;
  /** [k, 2] cluster centres */
  centroids: Float64Array;
  /** member count per cluster */
  sizes: Int32Array;
}

/** The map's automatic cluster count: √(n/2) rounded, at least 1, at most 12 (and never above n). */
export function autoClusterCount(n: number): number {
  return Math.max(1, Math.min(12, n, Math.round(Math.sqrt(n / 2))));
}

function dist2(xy: ArrayLike<number>, i: number, c: Float64Array, j: number): number {
  const dx = xy[i * 2] - c[j * 2];
  const dy = xy[i * 2 + 1] - c[j * 2 + 1];
  return dx * dx + dy * dy;
}

/** k-means++ seeding: each next centre drawn with probability ∝ squared distance to the nearest one. */
function seedCentroids(xy: ArrayLike<number>, n: number, k: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const c = new Float64Array(k * 2);
  const first = Math.floor(rand() * n);
  c[0] = xy[first * 2];
  c[1] = xy[first * 2 + 1];
  const d = new Float64Array(n).fill(Infinity);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      d[i] = Math.min(d[i], dist2(xy, i, c, j - 1));
      total += d[i];
    }
    // All points already sit on a centre (duplicates): any point will do.
    let pick = Math.min(n - 1, Math.floor(rand() * n));
    if (total > 0) {
      let r = rand() * total;
      for (let i = 0; i < n; i++) {
        r -= d[i];
        if (r <= 0) {
          pick = i;
          break;
        }
      }
    }
    c[j * 2] = xy[pick * 2];
    c[j * 2 + 1] = xy[pick * 2 + 1];
  }
  return c;
}

/** Clusters n 2-D points (`xy` = [n, 2]) into k groups; the same seed gives the same result. */
export function kMeans(
  xy: ArrayLike<number>,
  n: number,
  k: number,
  seed = 1,
  maxIterations = 100,
): KMeansResult {
  k = Math.max(1, Math.min(k, n));
  const assignment = new Int32Array(n);
  const sizes = new Int32Array(k);
  if (n === 0)
    return { k: 0, assignment, centroids: new Float64Array(0), sizes: new Int32Array(0) };
  const c = seedCentroids(xy, n, k, seed);
  for (let it = 0; it < maxIterations; it++) {
    let changed = it === 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        const dd = dist2(xy, i, c, j);
        if (dd < bestD) {
          bestD = dd;
          best = j;
        }
      }
      if (assignment[i] !== best) {
        assignment[i] = best;
        changed = true;
      }
    }
    if (!changed) break;
    const sum = new Float64Array(k * 2);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const j = assignment[i];
      sum[j * 2] += xy[i * 2];
      sum[j * 2 + 1] += xy[i * 2 + 1];
      sizes[j]++;
    }
    // An emptied cluster keeps its old centre rather than collapsing to NaN.
    for (let j = 0; j < k; j++)
      if (sizes[j] > 0) {
        c[j * 2] = sum[j * 2] / sizes[j];
        c[j * 2 + 1] = sum[j * 2 + 1] / sizes[j];
      }
  }
  sizes.fill(0);
  for (let i = 0; i < n; i++) sizes[assignment[i]]++;
  return { k, assignment, centroids: c, sizes };
}
