/**
 * The same vectors score the same as a stream and as a windows file (docs/metrics.md, "excluded"):
 * a window's context vectors are excluded by value, so a windows file, which has no stream rows,
 * loses nothing. Runs the real evaluation path: cutWindows, evaluatePredictors, the app's bank
 * preparation (bankRef) and the retrieval kernel on onnxruntime-web in Node, and the JS reference.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, WindowSet } from '../data/types';
import { cutWindows } from '../data/windows';
import { getOrt } from '../engine/ort';
import { bankRef } from '../engine/retrieval';
import { RetrievalKernel } from '../engine/retrievalKernel';
import { seededRandom } from '../projection/random';
import { normalizeRows } from './cosine';
import { baselinePredictor, evaluatePredictors, type Predictor, type RankFn } from './evaluate';
import { referenceRanks } from './rank';

const KERNEL = new URL('../../public/kernels/retrieval.onnx', import.meta.url);
const K = 3;
const D = 16;

// Five articles of a seeded random stream, with exact duplicate sentences: one repeated across three
// articles (a "For example," line), one repeated inside an article.
const lengths = [9, 4, 12, 7, 10];
const count = lengths.reduce((a, b) => a + b, 0);
const rand = seededRandom(3);
const articleIds = Int32Array.from(lengths.flatMap((len, a) => Array<number>(len).fill(a)));
const start = (a: number) => lengths.slice(0, a).reduce((s, len) => s + len, 0);
// Each sentence is a step away from the previous one of its article, so persistence has some skill.
const raw = new Float32Array(count * D).map(() => rand() * 2 - 1);
lengths.forEach((len, a) => {
  for (let i = start(a) + 1; i < start(a) + len; i++)
    for (let x = 0; x < D; x++) raw[i * D + x] = raw[(i - 1) * D + x] + 0.6 * raw[i * D + x];
});
const vectors = normalizeRows(raw, count, D);
for (const [src, dst] of [
  [start(0) + 2, start(2) + 5],
  [start(0) + 2, start(4) + 1],
  [start(3) + 2, start(3) + 5],
])
  vectors.copyWithin(dst * D, src * D, (src + 1) * D);

const stream: Dataset = {
  id: 'stream',
  name: 'stream',
  origin: 'stream.npz',
  dim: D,
  stream: { vectors, count, articleIds },
  bank: { vectors, count },
};
const cut = cutWindows(stream, K);
/** The windows file a user would write from the same vectors (copies: nothing shared by identity). */
function windowsFile(id: string, withBank: boolean): Dataset {
  const targets = cut.targets.slice();
  return {
    id,
    name: id,
    origin: `${id}.npz`,
    dim: D,
    windows: { contexts: cut.contexts.slice(), targets, count: cut.n, k: K },
    bank: withBank ? { vectors: vectors.slice(), count } : { vectors: targets, count: cut.n },
  };
}
const withBank = windowsFile('windows-with-bank', true);
const targetsOnly = windowsFile('windows', false);

// Deterministic predictors with varied ranks: the baselines, and a fixed mix of the context.
const mix: Predictor = {
  id: 'mix',
  name: 'mix',
  kind: 'model',
  async predict(contexts, n) {
    const out = new Float32Array(n * D);
    for (let i = 0; i < n; i++)
      for (let x = 0; x < D; x++)
        out[i * D + x] =
          contexts[(i * K + 2) * D + x] - 0.7 * contexts[(i * K + 1) * D + x] + 0.3 * ((x % 3) - 1);
    return { prediction: out, wallMs: 0, backend: 'js' };
  },
};
const predictors = [
  baselinePredictor('persistence', K, D, null),
  baselinePredictor('linear_average', K, D, null),
  mix,
];

let kernel: RetrievalKernel;
beforeAll(async () => {
  kernel = await RetrievalKernel.create(getOrt, new Uint8Array(readFileSync(KERNEL)));
});

/** Ranks from the kernel, with the bank prepared as the app prepares it. */
function kernelRank(dataset: Dataset): RankFn {
  const ref = bankRef(dataset);
  kernel.setBank(ref.key, ref.vectors, ref.count, ref.dim, ref.groups);
  return async (queries, w) =>
    kernel.search(ref.key, { ...w, queries, top: 1, targets: w.targets });
}
/** Ranks from the plain-JS reference, bank rows grouped as loaded. */
function referenceRank(dataset: Dataset): RankFn {
  const ref = bankRef(dataset);
  return async (queries, w: WindowSet) => ({
    ranks: referenceRanks({ ...w, queries, d: D, bank: ref.vectors, m: ref.count, ...ref }),
  });
}

describe('a windows file scores like the stream it was cut from', () => {
  it('has the duplicates the test is about', () => {
    // a duplicated vector sits in some window's context and elsewhere in the bank
    const w = cutWindows(targetsOnly, K);
    expect(w.n).toBe(lengths.reduce((s, len) => s + Math.max(0, len - K), 0));
    expect([...cut.contextIndex].filter((c) => c === start(0) + 2).length).toBeGreaterThan(0);
  });

  for (const [name, rankOf] of [
    ['kernel', kernelRank],
    ['reference', referenceRank],
  ] as const) {
    it(`gives exactly the stream's ranks, Hit@K and MRR with the stream as bank (${name})`, async () => {
      const s = await evaluatePredictors(predictors, cut, rankOf(stream));
      const w = await evaluatePredictors(predictors, cutWindows(withBank, K), rankOf(withBank));
      s.forEach((e, i) => {
        expect([...w[i].ranks], e.name).toEqual([...e.ranks]);
        expect(w[i].summary, e.name).toEqual(e.summary);
      });
      // persistence predicts a context vector: excluded, it is no hit, but it is no miss either
      expect(s[0].summary.hit1).toBeGreaterThan(0.2);
    });

    it(`ranks no worse with only the targets as bank (${name})`, async () => {
      const s = await evaluatePredictors(predictors, cut, rankOf(stream));
      const w = await evaluatePredictors(
        predictors,
        cutWindows(targetsOnly, K),
        rankOf(targetsOnly),
      );
      // the targets are a subset of the stream and the same vectors are excluded
      s.forEach((e, i) =>
        e.ranks.forEach((r, j) =>
          expect(w[i].ranks[j], `${e.name} window ${j}`).toBeLessThanOrEqual(r),
        ),
      );
    });
  }
});
