/** Pure helpers over attention outputs: reshape to [n, heads, K], head means, entropy, profiles, sorting. */
import { meanStd } from '../../metrics/hits';

/** Heatmap colours: white (no attention) to dark blue (all of it). */
export const ATTENTION_SCALE: [number, string][] = [
  [0, '#f7fbff'],
  [0.5, '#6baed6'],
  [1, '#08306b'],
];

/** Attention of n windows as [n, heads, k] (an AMN-style [n, K] output has one head). */
export interface AttentionMaps {
  n: number;
  heads: number;
  k: number;
  data: Float32Array;
}

/**
 * Reads an engine attention output. [n, K] is one head, [n, H, K] is H heads; for higher ranks
 * ([n, H, T, K]) the last index of every middle dim is kept: the last token's row.
 */
export function toAttentionMaps(att: Float32Array, shape: readonly number[]): AttentionMaps {
  if (shape.length < 2) throw new Error(`attention of shape [${shape.join(', ')}] has no K axis`);
  const n = shape[0];
  const k = shape[shape.length - 1];
  if (shape.length === 2) return { n, heads: 1, k, data: att };
  const heads = shape[1];
  const per = shape.slice(1).reduce((a, b) => a * b, 1);
  if (shape.length === 3) return { n, heads, k, data: att };
  const middle = shape.slice(2, -1).reduce((a, b) => a * b, 1);
  const data = new Float32Array(n * heads * k);
  for (let i = 0; i < n; i++)
    for (let h = 0; h < heads; h++) {
      const src = i * per + (h * middle + middle - 1) * k;
      data.set(att.subarray(src, src + k), (i * heads + h) * k);
    }
  return { n, heads, k, data };
}

/** Mean over heads: [n, k]. */
export function headMean(m: AttentionMaps): Float32Array {
  if (m.heads === 1) return m.data;
  const out = new Float32Array(m.n * m.k);
  for (let i = 0; i < m.n; i++)
    for (let h = 0; h < m.heads; h++)
      for (let a = 0; a < m.k; a++)
        out[i * m.k + a] += m.data[(i * m.heads + h) * m.k + a] / m.heads;
  return out;
}

/** Sum of every attention row ([n * heads] values; each should be 1). */
export function rowSums(m: AttentionMaps): Float64Array {
  const rows = m.n * m.heads;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) for (let a = 0; a < m.k; a++) out[r] += m.data[r * m.k + a];
  return out;
}

/** Shannon entropy (nats) of each row of [n, k]; 0 ≤ H ≤ ln k. */
export function rowEntropy(p: Float32Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let a = 0; a < k; a++) {
      const v = p[i * k + a];
      if (v > 0) h -= v * Math.log(v);
    }
    out[i] = h;
  }
  return out;
}

/** Mean and population std of each column of [n, k] (e.g. attention per position: the recency profile). */
export function columnProfile(
  x: ArrayLike<number>,
  n: number,
  k: number,
): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  const col = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    let m = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(x[i * k + a])) col[m++] = x[i * k + a];
    const s = meanStd(col.subarray(0, m));
    mean.push(s.mean);
    std.push(s.std);
  }
  return { mean, std };
}

export type SortKey = 'window' | 'entropy' | 'cosine';

/** Window order by a key, ascending or descending; NaNs last, ties by window index. */
export function sortedOrder(
  keys: ArrayLike<number> | null,
  n: number,
  descending = false,
): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (!keys) return order;
  const sign = descending ? -1 : 1;
  return order.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (Number.isNaN(x) || Number.isNaN(y))
      return Number.isNaN(x) ? (Number.isNaN(y) ? a - b : 1) : -1;
    return sign * (x - y) || a - b;
  });
}
