import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandExclusions, valueGroups } from '../data/valueGroups';
import { adversarial } from '../test/rankData';
import { WasmRankBank } from './retrievalWasm';
import { ownGroups, searchSlices, slicesFit, type RankSlice } from './retrievalSlices';

/** The bank cut at `cuts` into slices, each its own kernel (as each worker holds one). */
function sliced(bank: Float32Array, m: number, d: number, cuts: number[]): RankSlice[] {
  const edges = [0, ...cuts, m];
  return edges.slice(1).map((to, s) => {
    const from = edges[s];
    const part = new WasmRankBank(
      { float: bank.slice(from * d, to * d) },
      to - from,
      d,
      ownGroups(to - from),
    );
    return { from, m: to - from, search: (req, ctx) => part.search(req, ctx) };
  });
}

describe('a bank searched in slices', () => {
  it('gives the whole bank’s ranks, top lists and scores (adversarial near-ties, copies across slices)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer(),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 20, max: 60 }),
        fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: 1, maxLength: 3 }),
        async (seed, d, base, at) => {
          const { bank, m, req } = adversarial(seed, d, base, 24);
          const groups = valueGroups(bank, m, d);
          const cuts = [...new Set(at.map((x) => Math.floor(x * m)))].sort((a, b) => a - b);
          const slices = sliced(bank, m, d, cuts);
          const width = expandExclusions(
            req.contextIndex,
            req.n,
            req.k,
            req.targetIndex,
            groups,
          ).width;
          fc.pre(slicesFit(slices, req.top, width));
          const whole = await new WasmRankBank({ float: bank }, m, d, groups).search(req);
          const read = (j: number, out: Float32Array) => out.set(bank.subarray(j * d, (j + 1) * d));
          const got = await searchSlices(slices, { m, d, groups }, read, req);
          expect([...got.ranks]).toEqual([...whole.ranks]);
          expect([...got.topIndices]).toEqual([...whole.topIndices]);
          expect([...got.topScores]).toEqual([...whole.topScores]);
          expect([...got.targetScores]).toEqual([...whole.targetScores]);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('refuses slices too small to fill the top list', async () => {
    const { bank, m, req } = adversarial(3, 8, 30, 10);
    const slices = sliced(bank, m, 8, [2]);
    const read = (j: number, out: Float32Array) => out.set(bank.subarray(j * 8, (j + 1) * 8));
    await expect(
      searchSlices(slices, { m, d: 8, groups: valueGroups(bank, m, 8) }, read, req),
    ).rejects.toThrow(/smaller than the top list/);
  });
});
