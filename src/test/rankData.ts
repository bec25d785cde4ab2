/** Rank-search test data shared by the kernel's tests (src/engine/retrievalWasm*.test.ts, retrievalSlices.test.ts). */

/**
 * Adversarial data from one seed: rows with exact copies, copies differing by -0.0 or a factor of
 * 2, and near-copies (differences of 1e-2 .. 1e-6, inside the int8 error); queries equal to rows,
 * near their targets, or along w1 + w2 of a near-copy pair (a near-tie); targets with copies,
 * targets outside the bank; contexts inside copy groups and equal to the target's value.
 */
export function adversarial(seed: number, d: number, base: number, n: number) {
  const rand = mulberry(seed);
  const pick = (len: number) => Math.floor(rand() * len);
  const rows: number[][] = [];
  for (let r = 0; r < base; r++)
    rows.push(Array.from({ length: d }, () => (rand() < 0.15 ? 0 : rand() * 2 - 1)));
  const extra = base * 2;
  for (let r = 0; r < extra; r++) {
    const src = rows[pick(rows.length)];
    const kind = rand();
    if (kind < 0.3) rows.push([...src]);
    else if (kind < 0.4) rows.push(src.map((v) => (v === 0 ? -0 : v)));
    else if (kind < 0.5) rows.push(src.map((v) => 2 * v));
    else {
      const delta = [1e-2, 1e-3, 1e-4, 1e-6][pick(4)];
      rows.push(src.map((v) => v + delta * (rand() * 2 - 1)));
    }
  }
  const m = rows.length;
  const bank = Float32Array.from(rows.flat());
  const targetIndex = Int32Array.from({ length: n }, () => pick(m));
  const k = 3;
  const contextIndex = Int32Array.from({ length: n * k }, (_, x) => {
    const r = rand();
    if (r < 0.1) return -1;
    if (r < 0.2) return targetIndex[Math.floor(x / k)];
    return pick(m);
  });
  const queries = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const a = targetIndex[i];
    const b = pick(m);
    const how = rand();
    for (let x = 0; x < d; x++) {
      const wa = bank[a * d + x];
      const wb = bank[b * d + x];
      queries[i * d + x] =
        how < 0.25 ? wa : how < 0.6 ? wa + wb + 1e-3 * (rand() - 0.5) : wa + 0.3 * (rand() - 0.5);
    }
  }
  // a few targets outside the bank, scored as their own vectors
  const targets = new Float32Array(n * d);
  for (let i = 0; i < n; i += 7) {
    targets.set(bank.subarray(targetIndex[i] * d, (targetIndex[i] + 1) * d), i * d);
    targets[i * d] += 1e-3;
    targetIndex[i] = -1;
  }
  return { bank, m, req: { queries, n, targetIndex, contextIndex, k, top: 1 + pick(12), targets } };
}

export function mulberry(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
