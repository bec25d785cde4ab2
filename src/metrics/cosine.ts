/** Cosine helpers over row-major float arrays ([n, d]). All pure; no allocation beyond the result. */

/** Dot product of rows a[ai*d..] and b[bi*d..], accumulated in float64. */
export function dotRows(
  a: Float32Array,
  ai: number,
  b: Float32Array,
  bi: number,
  d: number,
): number {
  let s = 0;
  const ao = ai * d;
  const bo = bi * d;
  for (let j = 0; j < d; j++) s += a[ao + j] * b[bo + j];
  return s;
}

/** L2 norm of row i. */
export function rowNorm(a: Float32Array, i: number, d: number): number {
  return Math.sqrt(dotRows(a, i, a, i, d));
}

/** A copy of x [n, d] with every row scaled to unit length (zero rows stay zero). */
export function normalizeRows(x: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const norm = rowNorm(x, i, d);
    const inv = norm > 0 ? 1 / norm : 0;
    for (let j = 0; j < d; j++) out[i * d + j] = x[i * d + j] * inv;
  }
  return out;
}

/** cos(a_i, b_i) for every row i of two [n, d] arrays; 0 where either row is zero. */
export function cosineRows(a: Float32Array, b: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const denom = rowNorm(a, i, d) * rowNorm(b, i, d);
    out[i] = denom > 0 ? dotRows(a, i, b, i, d) / denom : 0;
  }
  return out;
}
