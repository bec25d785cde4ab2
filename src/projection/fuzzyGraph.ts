import type { KnnGraph } from './types';

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/** The symmetric fuzzy graph UMAP optimises, as a list of directed edges (each pair twice). */
export interface FuzzyEdges {
  head: Int32Array;
  tail: Int32Array;
  weight: Float32Array;
}

/**
 * umap's fuzzy_simplicial_set on a kNN graph (local connectivity 1, bandwidth 1, fuzzy union),
 * with umap-js's conventions so the two optimisers see the same graph.
 */
export function fuzzySimplicialSet(graph: KnnGraph): FuzzyEdges {
  const { n, k, indices, distances } = graph;
  const { sigmas, rhos } = smoothKnnDistance(distances, n, k);
  const membership = (i: number, slot: number) => {
    const d = distances[i * k + slot] - rhos[i];
    return d <= 0 ? 1 : Math.exp(-d / sigmas[i]);
  };
  // The fuzzy union w + wᵀ - w ∘ wᵀ, read straight off the rows: the reverse edge j→i, if any, is
  // one of row j's k slots, so no Map keyed by i·n+j is needed (at a million points it would hold
  // 14M entries, near V8's 2^24 limit on a Map's size). Edges come out row by row, each pair twice.
  const head = new Int32Array(2 * n * k);
  const tail = new Int32Array(2 * n * k);
  const weight = new Float32Array(2 * n * k);
  let m = 0;
  const push = (i: number, j: number, w: number) => {
    tail[m] = i;
    head[m] = j;
    weight[m] = w;
    m++;
  };
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) {
      const j = indices[i * k + s];
      if (j < 0 || j === i) continue;
      const w = membership(i, s);
      let back = -1;
      for (let r = 0; r < k; r++) {
        if (indices[j * k + r] === i) {
          back = membership(j, r);
          break;
        }
      }
      if (back < 0) {
        push(i, j, w);
        push(j, i, w);
      } else if (i < j) {
        const u = w + back - w * back;
        push(i, j, u);
        push(j, i, u);
      }
    }
  }
  return { head: head.slice(0, m), tail: tail.slice(0, m), weight: weight.slice(0, m) };
}

/** Per-point rho (distance to the nearest other point) and sigma (so memberships sum to log2 k). */
export function smoothKnnDistance(
  distances: Float32Array,
  n: number,
  k: number,
): { sigmas: Float64Array; rhos: Float64Array } {
  const target = Math.log2(k);
  const sigmas = new Float64Array(n);
  const rhos = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < distances.length; i++) total += distances[i];
  const meanAll = total / Math.max(1, distances.length);
  for (let i = 0; i < n; i++) {
    const row = distances.subarray(i * k, (i + 1) * k);
    let rho = 0;
    let mean = 0;
    for (let j = 0; j < k; j++) mean += row[j];
    mean /= k;
    for (let j = 0; j < k; j++) {
      if (row[j] > 0) {
        rho = row[j];
        break;
      }
    }
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let iter = 0; iter < 64; iter++) {
      let psum = 0;
      for (let j = 1; j < k; j++) {
        const d = row[j] - rho;
        psum += d > 0 ? Math.exp(-d / mid) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? mean : meanAll);
    sigmas[i] = Math.max(mid, floor);
    rhos[i] = rho;
  }
  return { sigmas, rhos };
}

/**
 * Fits a, b of 1 / (1 + a d^(2b)) to umap's target curve for min_dist and spread
 * (Levenberg–Marquardt on the same 300 samples umap uses).
 */
export function findABParams(spread: number, minDist: number): { a: number; b: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < 300; i++) {
    const x = (spread * 3 * i) / 299;
    xs.push(x);
    ys.push(x < minDist ? 1 : Math.exp(-(x - minDist) / spread));
  }
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  const loss = (pa: number, pb: number) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const r = 1 / (1 + pa * Math.pow(xs[i], 2 * pb)) - ys[i];
      s += r * r;
    }
    return s;
  };
  let current = loss(a, b);
  for (let iter = 0; iter < 200; iter++) {
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (x === 0) continue;
      const p = Math.pow(x, 2 * b);
      const f = 1 / (1 + a * p);
      const r = f - ys[i];
      const da = -p * f * f;
      const db = -a * p * 2 * Math.log(x) * f * f;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    const maa = jaa * (1 + lambda);
    const mbb = jbb * (1 + lambda);
    const det = maa * mbb - jab * jab;
    if (!(Math.abs(det) > 0)) break;
    const stepA = (mbb * ga - jab * gb) / det;
    const stepB = (maa * gb - jab * ga) / det;
    const na = a - stepA;
    const nb = b - stepB;
    const next = na > 0 && nb > 0 ? loss(na, nb) : Infinity;
    if (next < current) {
      const done = current - next < 1e-12;
      a = na;
      b = nb;
      current = next;
      lambda /= 10;
      if (done) break;
    } else {
      lambda *= 10;
      if (lambda > 1e12) break;
    }
  }
  return { a, b };
}
