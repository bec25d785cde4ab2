import { seededRandom } from '../projection/random';

/** Random unit vectors [n, dim] from a seed, for tests and benchmarks. */
export function randomUnitVectors(n: number, dim: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const v = rand() * 2 - 1;
      x[i * dim + d] = v;
      s += v * v;
    }
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) x[i * dim + d] *= inv;
  }
  return x;
}

/** Unit vectors around `clusters` random centres, so a layout has structure to keep. */
export function clusteredUnitVectors(
  n: number,
  dim: number,
  clusters: number,
  seed: number,
): Float32Array {
  const centres = randomUnitVectors(clusters, dim, seed + 1);
  const noise = randomUnitVectors(n, dim, seed + 2);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const v = centres[c * dim + d] + 0.6 * noise[i * dim + d];
      x[i * dim + d] = v;
      s += v * v;
    }
    const inv = 1 / Math.sqrt(s);
    for (let d = 0; d < dim; d++) x[i * dim + d] *= inv;
  }
  return x;
}
