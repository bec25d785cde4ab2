/** Spearman rank correlation (Pearson on average ranks, so ties are handled as in scipy.stats). */

/** 1-based ranks of x, ties sharing the mean of the ranks they span. */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation; NaN when either side is constant or shorter than 2. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) throw new Error(`pearson: lengths differ (${n} vs ${b.length})`);
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Spearman's rho of two equally long samples; NaN when either is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(averageRanks(a), averageRanks(b));
}

/** Spearman's rho of every row pair of two [n, k] arrays (NaN for constant rows). */
export function spearmanRows(a: Float32Array, b: Float32Array, n: number, k: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++)
    out[i] = spearman(a.subarray(i * k, (i + 1) * k), b.subarray(i * k, (i + 1) * k));
  return out;
}
