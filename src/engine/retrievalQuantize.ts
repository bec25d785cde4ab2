/**
 * The int8 first pass of the rank search: rows quantised once, queries per call, and the bound that
 * makes it exact (src/engine/kernels/rankInt8.wat applies it; retrievalWasm.ts rescores what it
 * cannot decide).
 *
 * The score. A bank row w (float16 widened, or float32, as stored) scores
 *   s = fl(Σ_i q_i w_i) · inv,  inv = 1 / ‖w‖₂ (float64),
 * summed in float64 in a fixed lane order (rankInt8.wat `exact_h` / `exact_f`, no relaxed
 * instruction). Each product q_i w_i is exact in float64 (24 + 24 significant bits), so the score
 * depends on the row's values alone: exact duplicates tie bit for bit, and no engine or SIMD
 * flavour changes a rank.
 *
 * The bound. Per row: α = max|w_i| / 127, a = round(w / α) ∈ [-127, 127]^d, e = w − α a.
 * Per query: β = max|q_i| / 63, b_hi = round(q / β) ∈ [-63, 63]^d, b_lo = round(126 (q / β − b_hi))
 * ∈ [-63, 63]^d, b = 126 b_hi + b_lo, γ = β / 126, f = q − γ b (|f_i| ≤ γ / 2). Then exactly
 *   q·w = q·e + α q·a = q·e + α γ (a·b) + α (f·a),
 * so with est = inv α γ (a·b) (a·b an exact integer) and Cauchy–Schwarz on the two other terms
 *   |inv (q·w) − est| ≤ ‖q‖ · inv‖e‖  +  inv α ‖a‖ · ‖f‖  =  ‖q‖ E + A F.
 * Rounding. The exact score differs from inv (q·w) by at most (d + 1)·2⁻⁵³ ‖q‖ (inv‖w‖ = 1,
 * products exact, d additions in any fixed order and one product rounded); est is two float64 products of an exact integer
 * (≤ 3·2⁻⁵³ relative); E, A, F and ‖q‖ are float64 norms (≤ (d + 2)·2⁻⁵³ relative each). For
 * d < 2²⁰ every one of these is below 2⁻³² relative to ‖q‖ or to the bound, so inflating each
 * factor by (1 + 2⁻³⁰) and adding 2⁻³⁰‖q‖ (folded into E) covers them all:
 *   |exact score − est| ≤ bound = ‖q‖ E + A F  (stored E, A, F, ‖q‖ as below).
 * The same holds for the wide estimate from b_hi alone (γ = β, b = b_hi, f = q − β b_hi): the
 * kernel tries it first and reads b_lo only for rows it cannot settle.
 * Hence est − bound > s_t proves the row is above the target, est + bound < s_t that it is not;
 * only rows in between, or whose est + bound reaches the running top-T threshold, are rescored.
 */

const GROW = 1 + 2 ** -30;
const SLACK = 2 ** -30;

/** Everything the int8 pass keeps about a slice of rows: bytes [m, dp] and 4 float64 per row. */
export interface QuantRows {
  m: number;
  d: number;
  /** d rounded up to 16 (one SIMD load) */
  dp: number;
  /** [m (+1 when odd), dp] int8, zero padded (in the kernel's memory: stale once that grows) */
  rows: Int8Array;
  /** [m (+1 when odd), 4]: C = inv α, E, A, S = Σ a */
  meta: Float64Array;
  /** [m] 1 / ‖w‖ (0 for a zero row), the inv of the exact score */
  inv: Float64Array;
}

/** Reads row j of a bank as float32 values (float16 bits widened, or float32 as stored). */
export type RowReader = (j: number, out: Float32Array) => void;

export const padDim = (d: number) => Math.max(16, Math.ceil(d / 16) * 16);

/** Bytes `quantiseRows` needs for m rows of d: rows, then (8-aligned) meta. */
export function quantBytes(m: number, d: number): { rows: number; meta: number } {
  const slots = m + (m % 2);
  return { rows: slots * padDim(d), meta: slots * 32 };
}

/**
 * Quantise rows [0, m) of `read` once: per-row scale, bound terms, row sums; into `buffer` at
 * `offset` when given (the kernel's memory: no second copy), else into new arrays.
 */
export function quantiseRows(
  read: RowReader,
  m: number,
  d: number,
  buffer?: ArrayBuffer,
  offset = 0,
): QuantRows {
  const dp = padDim(d);
  const slots = m + (m % 2);
  const bytes = quantBytes(m, d);
  const rows = buffer ? new Int8Array(buffer, offset, slots * dp) : new Int8Array(slots * dp);
  const meta = buffer
    ? new Float64Array(buffer, offset + bytes.rows, slots * 4)
    : new Float64Array(slots * 4);
  rows.fill(0);
  meta.fill(0);
  const inv = new Float64Array(m);
  const w = new Float32Array(d);
  for (let j = 0; j < m; j++) {
    read(j, w);
    let max = 0;
    let ww = 0;
    for (let i = 0; i < d; i++) {
      max = Math.max(max, Math.abs(w[i]));
      ww += w[i] * w[i];
    }
    const iv = ww > 0 ? 1 / Math.sqrt(ww) : 0;
    inv[j] = iv;
    const alpha = max / 127;
    let ee = 0;
    let aa = 0;
    let sum = 0;
    for (let i = 0, o = j * dp; i < d; i++, o++) {
      const a = alpha > 0 ? Math.round(w[i] / alpha) : 0;
      rows[o] = a;
      const e = w[i] - alpha * a;
      ee += e * e;
      aa += a * a;
      sum += a;
    }
    meta[j * 4] = iv * alpha;
    meta[j * 4 + 1] = iv * Math.sqrt(ee) * GROW + SLACK;
    meta[j * 4 + 2] = iv * alpha * Math.sqrt(aa) * GROW;
    meta[j * 4 + 3] = sum;
  }
  return { m, d, dp, rows, meta, inv };
}

/**
 * One query quantised into two byte vectors at `oo` and `oo + dp`: b_hi + 64 and b_lo + 64 (1..127),
 * q ≈ β (b_hi + b_lo / 126). Returns β, and ‖q‖ and both F rounded up.
 */
export function quantiseQuery(
  q: Float32Array,
  qo: number,
  d: number,
  dp: number,
  out: Uint8Array,
  oo: number,
) {
  let max = 0;
  let qq = 0;
  for (let i = 0; i < d; i++) {
    const v = q[qo + i];
    max = Math.max(max, Math.abs(v));
    qq += v * v;
  }
  const beta = max / 63;
  let ff = 0;
  let fw = 0;
  out.fill(64, oo, oo + 2 * dp);
  for (let i = 0; i < d; i++) {
    const v = q[qo + i];
    const hi = beta > 0 ? Math.round(v / beta) : 0;
    const lo = beta > 0 ? Math.round((v / beta - hi) * 126) : 0;
    out[oo + i] = hi + 64;
    out[oo + dp + i] = lo + 64;
    const f = v - (beta / 126) * (126 * hi + lo);
    ff += f * f;
    const w = v - beta * hi;
    fw += w * w;
  }
  return {
    beta,
    norm: Math.sqrt(qq) * GROW,
    /** F of the wide estimate (b_hi alone) and of the narrow one (b_hi + b_lo / 126) */
    fWide: Math.sqrt(fw) * GROW,
    f: Math.sqrt(ff) * GROW,
  };
}
