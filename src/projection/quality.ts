/**
 * Share of each point's k nearest neighbours in the original space (from an exact kNN graph whose
 * rows start with the point itself) that are also among its k nearest in the 2-D layout, averaged.
 */
export function neighbourPreservation(
  graphIndices: Int32Array,
  graphK: number,
  embedding: Float32Array,
  n: number,
  k = 10,
): number {
  if (graphK < k + 1) throw new RangeError(`the graph needs ${k + 1} neighbours per row`);
  const best = new Int32Array(k);
  const bestD = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    bestD.fill(Infinity);
    const xi = embedding[i * 2];
    const yi = embedding[i * 2 + 1];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = embedding[j * 2] - xi;
      const dy = embedding[j * 2 + 1] - yi;
      const d = dx * dx + dy * dy;
      if (d >= bestD[k - 1]) continue;
      let p = k - 1;
      while (p > 0 && bestD[p - 1] > d) {
        bestD[p] = bestD[p - 1];
        best[p] = best[p - 1];
        p--;
      }
      bestD[p] = d;
      best[p] = j;
    }
    let kept = 0;
    for (let c = 1; c <= k; c++) {
      const neighbour = graphIndices[i * graphK + c];
      for (let m = 0; m < k; m++) {
        if (best[m] === neighbour) {
          kept++;
          break;
        }
      }
    }
    total += kept / k;
  }
  return total / n;
}

/**
 * Share of the exact k nearest neighbours (rows start with the point itself) that an approximate
 * graph with the same row layout also lists among its first k others, averaged over points.
 */
export function knnRecall(
  approx: Int32Array,
  exact: Int32Array,
  n: number,
  rowK: number,
  k = 10,
): number {
  let found = 0;
  for (let i = 0; i < n; i++) {
    const got = new Set(approx.subarray(i * rowK + 1, i * rowK + 1 + k));
    for (let j = 1; j <= k; j++) if (got.has(exact[i * rowK + j])) found++;
  }
  return found / (n * k);
}
