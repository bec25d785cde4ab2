import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { halfToFloatTable } from '../data/ndarray';
import { normalizeRows } from '../metrics/cosine';
import { excludedSet, referenceRanks, referenceTopK, type RankQuery } from '../metrics/rank';
import { valueGroups } from '../data/valueGroups';
import { seededRandom } from '../projection/random';
import { searchHalfBank } from './halfBankSearch';
import { getOrt } from './ort';
import { RetrievalKernel } from './retrievalKernel';

const read = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../public/kernels/${name}`, import.meta.url)));

let kernel: RetrievalKernel;
beforeAll(async () => {
  kernel = await RetrievalKernel.create(
    getOrt,
    read('retrieval.onnx'),
    ['wasm'],
    read('retrieval_chunk.onnx'),
  );
});

// A float16 bank drawn as bits (sign, exponent 12..15, any mantissa), with exact duplicates placed
// across chunk boundaries, so ties and excluded copies cross the chunking.
const d = 40;
const m = 517;
const n = 150;
const k = 5;
const rand = seededRandom(11);
const bits = Uint16Array.from({ length: m * d }, () => {
  const sign = rand() < 0.5 ? 0x8000 : 0;
  return sign | ((12 + Math.floor(rand() * 4)) << 10) | Math.floor(rand() * 1024);
});
for (const [src, dst] of [
  [3, 200],
  [3, 516],
  [99, 100],
  [64, 450],
])
  bits.copyWithin(dst * d, src * d, (src + 1) * d);
const table = halfToFloatTable();
const widened = Float32Array.from(bits, (b) => table[b]);
const unitBank = normalizeRows(widened, m, d);
const groups = valueGroups(widened, m, d);
const targetIndex = new Int32Array(n);
const contextIndex = new Int32Array(n * k);
for (let i = 0; i < n; i++) {
  targetIndex[i] = i % 7 === 0 ? [3, 200, 516, 99, 100, 64, 450][(i / 7) % 7] : (i * 13) % m;
  for (let a = 0; a < k; a++) {
    const r = rand();
    contextIndex[i * k + a] =
      r < 0.15 ? -1 : r < 0.3 ? [3, 200, 99, 64][a % 4] : Math.floor(rand() * m);
  }
}
// queries near their targets; every fifth equal to its target row (ties with its duplicates)
const queries = new Float32Array(n * d);
for (let i = 0; i < n; i++)
  for (let j = 0; j < d; j++)
    queries[i * d + j] =
      unitBank[targetIndex[i] * d + j] + (i % 5 === 0 ? 0 : 0.6 * (rand() * 2 - 1));
const q: RankQuery = { queries, n, d, bank: unitBank, m, targetIndex, contextIndex, k, groups };
const req = { queries, n, targetIndex, contextIndex, k, top: 10 };

describe('float16 bank, scored chunk by chunk', () => {
  it('gives the brute-force ranks and top-10 over several chunks, ties and exclusions included', async () => {
    const session = await getOrt('wasm').InferenceSession.create(read('retrieval_chunk.onnx'));
    const invNorms = Float32Array.from({ length: m }, (_, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += widened[i * d + j] ** 2;
      return 1 / Math.sqrt(s);
    });
    const bank = { bits, invNorms, groups, m, d };
    const progress: number[] = [];
    const res = await searchHalfBank(
      getOrt('wasm'),
      session,
      'wasm',
      bank,
      req,
      { progress: (done) => progress.push(done) },
      { chunkRows: 100, queryBlock: 32 },
    );
    expect([...res.ranks]).toEqual([...referenceRanks(q)]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 0; i < n; i += 35) expect(res.ranks[i]).toBeLessThanOrEqual(1);
    for (let i = 0; i < n; i++) {
      const ref = referenceTopK(q, i, 10);
      const ids = [...res.topIndices.subarray(i * 10, i * 10 + 10)];
      ref.forEach((r, j) =>
        expect(Math.abs(res.topScores[i * 10 + j] - r.score)).toBeLessThan(1e-5),
      );
      const excluded = excludedSet(q, groups, i);
      expect(ids.some((id) => excluded.has(id))).toBe(false);
    }
  });

  it('ranks a float16 bank exactly as the float32 kernel ranks its widened rows', async () => {
    kernel.setBank('f32', unitBank, m, d, groups);
    kernel.setHalfBank('f16', bits, m, d, groups);
    const full = await kernel.search('f32', req);
    const half = await kernel.search('f16', req);
    expect([...half.ranks]).toEqual([...full.ranks]);
    expect([...half.topIndices]).toEqual([...full.topIndices]);
  });

  it('scores a target outside the bank as its own vector, and cancels', async () => {
    const tIdx = targetIndex.slice();
    tIdx[1] = -1;
    const targets = new Float32Array(n * d);
    targets.set(widened.subarray(tIdx[2] * d, tIdx[2] * d + d), d);
    const res = await kernel.search('f16', { ...req, targetIndex: tIdx, targets });
    const ref = referenceRanks({ ...q, targetIndex: tIdx, targets: normalizeRows(targets, n, d) });
    expect(res.ranks[1]).toBe(ref[1]);
    await expect(kernel.search('f16', req, { cancelled: true })).rejects.toThrow(/Cancelled/);
  });
});
