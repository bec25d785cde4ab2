import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dotRows, normalizeRows as unit } from '../metrics/cosine';
import { excludedSet, referenceRanks, referenceTopK, type RankQuery } from '../metrics/rank';
import { valueGroups } from '../data/valueGroups';
import { seededRandom } from '../projection/random';
import { RetrievalKernel } from './retrievalKernel';
import { getOrt } from './ort';
import { wasmRankSupport } from './retrievalWasmBuild';

const KERNEL = new URL('../../public/kernels/retrieval.onnx', import.meta.url);

function randomUnit(rand: () => number, n: number, d: number): Float32Array {
  const x = new Float32Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = rand() * 2 - 1;
  return unit(x, n, d);
}

// Both kernels: our WebAssembly one (what runs wherever SIMD does) and the onnxruntime fallback.
describe.each([
  ['WebAssembly', wasmRankSupport()],
  ['onnxruntime fallback', null],
] as const)('%s', (_, wasm) => {
  let kernel: RetrievalKernel;
  beforeAll(async () => {
    kernel = await RetrievalKernel.create(
      getOrt,
      new Uint8Array(readFileSync(KERNEL)),
      ['wasm'],
      undefined,
      wasm,
    );
    expect(kernel.wasm).toBe(wasm);
  });

  describe('retrieval kernel vs the plain-JS reference', () => {
    const d = 48;
    const m = 517;
    const n = 300;
    const k = 5;
    const rand = seededRandom(7);
    const bank = randomUnit(rand, m, d);
    // Exact duplicates at scattered columns, so ties cross the kernel's column blocking.
    for (const [src, dst] of [
      [3, 200],
      [3, 516],
      [10, 11],
      [64, 450],
    ])
      bank.copyWithin(dst * d, src * d, (src + 1) * d);
    const targetIndex = new Int32Array(n);
    const contextIndex = new Int32Array(n * k);
    for (let i = 0; i < n; i++) {
      targetIndex[i] = i % 7 === 0 ? [3, 200, 516, 10, 11, 64, 450][(i / 7) % 7] : (i * 13) % m;
      for (let a = 0; a < k; a++) {
        const r = rand();
        contextIndex[i * k + a] =
          r < 0.15 ? -1 : r < 0.3 ? [3, 200, 10, 64][a % 4] : Math.floor(rand() * m);
      }
    }
    // Queries near their targets (so ranks are small and top-k meaningful), some equal to a bank row,
    // every third pulled towards its first context row (so that row outranks the target unless it is
    // excluded).
    const noise = randomUnit(rand, n, d);
    const queries = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const pull = i % 3 === 1 && contextIndex[i * k] >= 0 ? contextIndex[i * k] : -1;
      for (let j = 0; j < d; j++)
        queries[i * d + j] =
          i % 5 === 0
            ? bank[targetIndex[i] * d + j]
            : bank[targetIndex[i] * d + j] +
              0.8 * noise[i * d + j] +
              (pull >= 0 ? 1.5 * bank[pull * d + j] : 0);
    }
    const q: RankQuery = { queries, n, d, bank, m, targetIndex, contextIndex, k };
    const noContext = new Int32Array(n * k).fill(-1);

    it('gives the exact reference ranks, ties in the target favour, context excluded', async () => {
      kernel.setBank('random', bank, m, d);
      const progress: number[] = [];
      const res = await kernel.search(
        'random',
        { queries, n, targetIndex, contextIndex, k, top: 10 },
        { progress: (done) => progress.push(done) },
      );
      expect([...res.ranks]).toEqual([...referenceRanks(q)]);
      // the data lets context rows outrank their targets: without the exclusion, ranks differ
      const unexcluded = referenceRanks({ ...q, contextIndex: noContext });
      const moved = [...res.ranks].filter((r, i) => r !== unexcluded[i]).length;
      expect(moved).toBeGreaterThan(n / 10);
      expect(progress.at(-1)).toBe(n);
      // exact duplicates of a query's own row tie at rank 1
      for (let i = 0; i < n; i += 35)
        if (!contextIndex.subarray(i * k, i * k + k).includes(targetIndex[i]))
          expect(res.ranks[i]).toBe(1);
    });

    it('returns the reference top-10, excluded entries filtered', async () => {
      const res = await kernel.search('random', {
        queries,
        n,
        targetIndex,
        contextIndex,
        k,
        top: 10,
      });
      for (let i = 0; i < n; i++) {
        const ref = referenceTopK(q, i, 10);
        const got = [...res.topScores.subarray(i * 10, i * 10 + 10)];
        ref.forEach((r, j) => expect(Math.abs(got[j] - r.score)).toBeLessThan(1e-5));
        const excluded = excludedSet(q, valueGroups(bank, m, d), i);
        for (const idx of res.topIndices.subarray(i * 10, i * 10 + 10))
          expect(excluded.has(idx)).toBe(false);
      }
    });

    it('falls back to the reference for targets outside the bank, and cancels', async () => {
      const tIdx = targetIndex.slice();
      tIdx[1] = -1;
      const targets = new Float32Array(n * d);
      targets.set(bank.subarray(tIdx[2] * d, tIdx[2] * d + d), d);
      const res = await kernel.search('random', {
        queries,
        n,
        targetIndex: tIdx,
        contextIndex,
        k,
        top: 10,
        targets,
      });
      expect(res.ranks[1]).toBe(referenceRanks({ ...q, targetIndex: tIdx, targets }, [1])[1]);
      await expect(
        kernel.search(
          'random',
          { queries, n, targetIndex, contextIndex, k, top: 10 },
          { cancelled: true },
        ),
      ).rejects.toThrow(/Cancelled/);
      await expect(
        kernel.search('missing', { queries, n, targetIndex, contextIndex, k, top: 10 }),
      ).rejects.toThrow(/not set/);
    });
  });

  describe('exclusion by value: kernel vs brute force', () => {
    // Many exact duplicates (groups of up to 6 rows, scattered across column blocks), queries equal to
    // bank rows (exact ties), contexts inside duplicate groups and contexts equal to the target.
    const d = 24;
    const m = 300;
    const n = 200;
    const k = 4;
    const rand = seededRandom(11);
    const bank = randomUnit(rand, m, d);
    for (let r = 0; r < 60; r++) {
      const src = Math.floor(rand() * 12) * 7;
      const dst = Math.floor(rand() * m);
      if (dst !== src) bank.copyWithin(dst * d, src * d, (src + 1) * d);
    }
    const targetIndex = Int32Array.from({ length: n }, () => Math.floor(rand() * m));
    const contextIndex = Int32Array.from({ length: n * k }, (_, j) => {
      const r = rand();
      const i = Math.floor(j / k);
      if (r < 0.1) return -1;
      if (r < 0.2) return targetIndex[i];
      return r < 0.6 ? Math.floor(rand() * 12) * 7 : Math.floor(rand() * m);
    });
    const noise = randomUnit(rand, n, d);
    const queries = Float32Array.from({ length: n * d }, (_, j) => {
      const i = Math.floor(j / d);
      const row = i % 3 === 0 ? contextIndex[i * k] : targetIndex[i];
      return bank[Math.max(row, 0) * d + (j % d)] + (i % 4 === 0 ? 0 : 0.6 * noise[j]);
    });

    const sameRow = (a: number, b: number) => {
      for (let x = 0; x < d; x++) if (!Object.is(bank[a * d + x], bank[b * d + x])) return false;
      return true;
    };
    /** docs/metrics.md spelled out: row j is excluded when it equals a context vector and is not t. */
    const excluded = (i: number, j: number) =>
      j !== targetIndex[i] &&
      Array.from(contextIndex.subarray(i * k, i * k + k)).some((c) => c >= 0 && sameRow(c, j));
    const scores = (i: number) =>
      Array.from({ length: m }, (_, j) => dotRows(queries, i, bank, j, d));

    it('gives the brute-force ranks and top-k', async () => {
      kernel.setBank('dups', bank, m, d);
      const res = await kernel.search('dups', {
        queries,
        n,
        targetIndex,
        contextIndex,
        k,
        top: 8,
      });
      let maxExcluded = 0;
      for (let i = 0; i < n; i++) {
        const s = scores(i);
        const t = targetIndex[i];
        const kept = s.map((_, j) => j).filter((j) => !excluded(i, j));
        maxExcluded = Math.max(maxExcluded, m - kept.length);
        expect(res.ranks[i], `window ${i}`).toBe(
          1 + kept.filter((j) => j !== t && s[j] > s[t]).length,
        );
        const best = kept.map((j) => s[j]).sort((a, b) => b - a);
        for (let r = 0; r < 8; r++) {
          const idx = res.topIndices[i * 8 + r];
          expect(excluded(i, idx), `window ${i} top ${r}`).toBe(false);
          expect(Math.abs(res.topScores[i * 8 + r] - best[r])).toBeLessThan(1e-5);
        }
      }
      // the data exercises what it is meant to: exclusions beyond k rows, ties at rank 1
      expect(maxExcluded).toBeGreaterThan(k);
      expect([...res.ranks].filter((r) => r === 1).length).toBeGreaterThan(n / 10);
    });
  });
});
