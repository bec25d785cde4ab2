import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { halfToFloatTable } from '../data/ndarray';
import { expose, wrap, type Remote } from '../lib/worker-rpc';
import { halfValueGroups } from '../data/valueGroups';
import { getOrt } from './ort';
import { POOL_MIN_VALUES, RankPool } from './retrievalPool';
import { RetrievalKernel } from './retrievalKernel';
import { sliceApi, type SliceApi } from './retrievalSliceApi';

/** A slice worker's real API behind a real message channel (messages cloned, as between threads). */
function sliceWorker(calls: string[]): Remote<SliceApi> {
  const { port1, port2 } = new MessageChannel();
  const api = sliceApi();
  const counted = {
    ...api,
    search: (...a: Parameters<typeof api.search>) => (
      calls.push(`search ${a[1].n}`),
      api.search(...a)
    ),
  };
  expose(counted, port1 as never);
  port1.start();
  port2.start();
  return wrap<SliceApi>(port2 as never);
}

describe('a large bank sliced over a pool of workers', () => {
  // a float16 bank past POOL_MIN_VALUES with exact copies across slice borders, queries at rows
  const d = 32;
  const m = POOL_MIN_VALUES / d + 1001;
  const n = 40;
  let s = 5;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
  const bits = Uint16Array.from(
    { length: m * d },
    () =>
      (rand() < 0.5 ? 0x8000 : 0) |
      ((12 + Math.floor(rand() * 4)) << 10) |
      Math.floor(rand() * 1024),
  );
  for (const [src, dst] of [
    [5, 30000],
    [5, m - 1],
    [20000, 20001],
    [16634, 16635],
  ])
    bits.copyWithin(dst * d, src * d, (src + 1) * d);
  const table = halfToFloatTable();
  // the rows either side of each slice border (3 workers) are targets too
  const border = Math.ceil(m / 3);
  const edges = [border - 1, border, 2 * border - 1, 2 * border, m - 1];
  const targetIndex = Int32Array.from({ length: n }, (_, i) =>
    i < 10 ? edges[i % 5] : [5, 30000, 20000, 16634][i % 4] + (i > 20 ? i * 997 : 0),
  );
  const contextIndex = Int32Array.from({ length: n * 3 }, (_, x) =>
    x % 3 === 0 ? [5, 20001, 16635, 7][(x / 3) % 4] : (x * 7919) % m,
  );
  const queries = Float32Array.from(
    { length: n * d },
    (_, x) =>
      table[bits[targetIndex[Math.floor(x / d)] * d + (x % d)]] +
      (Math.floor(x / d) % 2 ? 4 * (rand() - 0.5) : 0), // even windows: the target row itself
  );
  const req = { queries, n, targetIndex, contextIndex, k: 3, top: 10 };

  it.each([
    ['each a slice of the rows', 0, ['search 40', 'search 40', 'search 40']],
    [
      'each the whole bank and a share of the windows',
      undefined,
      ['search 12', 'search 14', 'search 14'],
    ],
  ])(
    'gives the single-thread kernel’s ranks, top lists and scores, workers holding %s',
    async (_, wholeMax, searches) => {
      const groups = halfValueGroups(bits, m, d);
      const calls: string[] = [];
      let started = 0;
      const pooled = await RetrievalKernel.create(
        getOrt,
        new Uint8Array(0),
        ['wasm'],
        undefined,
        undefined,
        () => {
          started++;
          return new RankPool(
            [0, 1, 2].map(() => sliceWorker(calls)),
            wholeMax,
          );
        },
      );
      const single = await RetrievalKernel.create(
        getOrt,
        new Uint8Array(0),
        ['wasm'],
        undefined,
        undefined,
        () => null,
      );
      pooled.setHalfBank('b', bits, m, d, groups);
      single.setHalfBank('b', bits, m, d, groups);
      const progress: number[] = [];
      const got = await pooled.search('b', req, { progress: (done) => progress.push(done) });
      const want = await single.search('b', req);
      expect(started).toBe(1);
      expect(calls.sort()).toEqual(searches);
      expect(progress.at(-1)).toBe(n);
      expect([...got.ranks]).toEqual([...want.ranks]);
      expect([...got.topIndices]).toEqual([...want.topIndices]);
      expect([...got.topScores]).toEqual([...want.topScores]);
      // the data crosses the slices: copies in other slices tie with targets, excluded rows sit in others
      expect(new Set(want.ranks).size).toBeGreaterThan(1);
      await expect(pooled.search('b', req, { cancelled: true })).rejects.toThrow(/Cancel/);
    },
    120_000,
  );
});
