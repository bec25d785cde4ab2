import { describe, expect, it } from 'vitest';
import type { WindowSet } from '../../data/types';
import { baselinePredict } from '../../metrics/baselines';
import { cosineRows } from '../../metrics/cosine';
import {
  analyse,
  sampleFrom,
  sampleIndices,
  futureTargets,
  noiseSweep,
  rollout,
  rolloutWindows,
  type Analysable,
} from './splitAnalyses';
import {
  columnProfile,
  headMean,
  rowEntropy,
  rowSums,
  sortedOrder,
  toAttentionMaps,
} from './attentionMath';
import {
  addNoiseInPlace,
  applyEdits,
  noisyCopies,
  occludeByMean,
  occludeByRemoval,
  swapPosition,
} from './edits';
import { seededRandom } from '../../projection/random';

const close = (a: ArrayLike<number>, b: number[], eps = 1e-6) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(Math.abs(a[i] - v), `index ${i}`).toBeLessThan(eps));
};

/** A JS predictor (baseline or crafted) counting its calls. */
function jsModel(
  id: string,
  f: (c: Float32Array, n: number, k: number) => Float32Array,
  d: number,
) {
  const calls: number[] = [];
  const m: Analysable = {
    id,
    name: id,
    kind: 'baseline',
    dynamicK: true,
    hasAttention: false,
    async run(contexts, n) {
      calls.push(n);
      return { prediction: f(contexts, n, contexts.length / n / d) };
    },
  };
  return { m, calls };
}

function randomUnit(rows: number, d: number, seed: number): Float32Array {
  const x = new Float32Array(rows * d);
  const rand = seededRandom(seed);
  addNoiseInPlace(x, d, 1, rand);
  return x;
}

describe('attention maps', () => {
  it('reads [n, K], [n, H, K] and the last token of [n, H, T, K]', () => {
    const one = toAttentionMaps(Float32Array.from([0.5, 0.5, 0.2, 0.8]), [2, 2]);
    expect(one).toMatchObject({ n: 2, heads: 1, k: 2 });
    const heads = toAttentionMaps(Float32Array.from([1, 0, 0, 1]), [1, 2, 2]);
    close(headMean(heads), [0.5, 0.5]);
    // [1, 1, 2, 2]: query rows [1, 0] then [0.3, 0.7]; the last one is kept
    const t = toAttentionMaps(Float32Array.from([1, 0, 0.3, 0.7]), [1, 1, 2, 2]);
    close(t.data, [0.3, 0.7]);
    close(rowSums(heads), [1, 1]);
  });
  it('entropy is 0 for one-hot rows and ln K for uniform ones', () => {
    close(rowEntropy(Float32Array.from([1, 0, 0, 0, 0.25, 0.25, 0.25, 0.25]), 2, 4), [
      0,
      Math.log(4),
    ]);
  });
  it('profiles columns and sorts with NaNs last', () => {
    const p = columnProfile([0, 1, 2, 3], 2, 2);
    close(p.mean, [1, 2]);
    close(p.std, [1, 1]);
    expect([...sortedOrder([0.3, NaN, 0.1, 0.2], 4)]).toEqual([2, 3, 0, 1]);
    expect([...sortedOrder([0.3, NaN, 0.1, 0.2], 4, true)]).toEqual([0, 3, 2, 1]);
  });
});

describe('context edits', () => {
  // one window, k = 3, d = 2
  const win = Float32Array.from([1, 0, 0, 1, -1, 0]);
  it('occludes a position with the re-normalised mean of the others', () => {
    const o = occludeByMean(win, 1, 3, 2);
    expect(o.length).toBe(3 * 3 * 2);
    // copy 0: position 0 <- unit(mean([0,1], [-1,0])) = [-1, 1] / sqrt 2
    close(o.subarray(0, 6), [-Math.SQRT1_2, Math.SQRT1_2, 0, 1, -1, 0]);
    // copy 1: position 1 <- mean([1,0], [-1,0]) = 0 (stays zero)
    close(o.subarray(6, 12), [1, 0, 0, 0, -1, 0]);
  });
  it('removes a position', () => {
    close(occludeByRemoval(win, 1, 3, 2), [0, 1, -1, 0, 1, 0, -1, 0, 1, 0, 0, 1]);
  });
  it('applies swaps (unit bank rows) and seeded noise in order', () => {
    const bank = { vectors: Float32Array.from([0, 3, 4, 0]), count: 2 };
    const edited = applyEdits(win, 3, 2, [{ kind: 'swap', pos: 1, bank: 1 }], bank);
    close(edited, [1, 0, 1, 0, -1, 0]);
    const noisy = applyEdits(win, 3, 2, [{ kind: 'noise', pos: 0, size: 0.5 }], bank);
    close(noisy.subarray(2), [0, 1, -1, 0]);
    expect(Math.hypot(noisy[0], noisy[1])).toBeCloseTo(1, 6);
    expect(applyEdits(win, 3, 2, [{ kind: 'noise', pos: 0, size: 0.5 }], bank)).toEqual(noisy);
    expect(win[0]).toBe(1);
  });
  it('swaps one sentence', () => {
    close(swapPosition(win, 3, 2, 2, Float32Array.from([0, -1])), [1, 0, 0, 1, 0, -1]);
  });
  it('adds noise of the chosen L2 size, re-normalised, same seed same noise', () => {
    const d = 384;
    const x = new Float32Array(200 * d);
    for (let i = 0; i < 200; i++) x[i * d] = 1;
    const a = noisyCopies(x, 200, 1, d, [0, 0.5], 7);
    expect(a.subarray(0, 200 * d)).toEqual(x);
    const noisy = a.subarray(200 * d);
    const cos = cosineRows(noisy, x, 200, d);
    // ‖e1 + noise‖ with ‖noise‖ ≈ 0.5 orthogonal-ish: cos ≈ 1 / sqrt(1.25)
    const mean = cos.reduce((s, v) => s + v, 0) / 200;
    expect(mean).toBeGreaterThan(0.87);
    expect(mean).toBeLessThan(0.92);
    const self = cosineRows(noisy, noisy, 200, d);
    for (let i = 0; i < 200; i++) expect(self[i]).toBeCloseTo(1, 5);
    expect(noisyCopies(x, 200, 1, d, [0, 0.5], 7)).toEqual(a);
  });
});

describe('occlusion saliency', () => {
  const d = 8;
  const k = 5;
  const n = 600; // more than one chunk
  const contexts = randomUnit(n * k, d, 3);
  const targets = randomUnit(n, d, 4);

  it('is zero for a position the model ignores, one call per chunk', async () => {
    // a crafted model: normalize(mean of positions 1..k-1)
    const { m, calls } = jsModel(
      'ignore0',
      (c, rows, kk) => {
        const tail = new Float32Array(rows * (kk - 1) * d);
        for (let i = 0; i < rows; i++)
          tail.set(c.subarray((i * kk + 1) * d, (i + 1) * kk * d), i * (kk - 1) * d);
        return baselinePredict('linear_average', tail, rows, kk - 1, d, null);
      },
      d,
    );
    const r = await analyse(m, contexts, targets, n, k, d);
    expect(calls).toEqual([512 * 6, 88 * 6]);
    for (let i = 0; i < n; i++) expect(r.occlusion[i * k]).toBe(0);
    expect(r.occlusion.some((v, j) => j % k !== 0 && Math.abs(v) > 1e-3)).toBe(true);
    close(r.cosine, [
      ...cosineRows(await m.run(contexts, n, {}).then((o) => o.prediction), targets, n, d),
    ]);
  });

  it('persistence depends on the last position only, by mean and by removal', async () => {
    const { m } = jsModel(
      'persistence',
      (c, rows, kk) => baselinePredict('persistence', c, rows, kk, d, null),
      d,
    );
    const r = await analyse(m, contexts, targets, 20, k, d, { removal: true });
    for (let i = 0; i < 20; i++)
      for (let a = 0; a < k - 1; a++) {
        expect(r.occlusion[i * k + a]).toBe(0);
        expect(r.removal![i * k + a]).toBe(0);
      }
    // removing the last position makes the 4th the prediction
    const c3 = contexts.subarray(3 * d, 4 * d);
    const want = r.cosine[0] - cosineRows(c3, targets.subarray(0, d), 1, d)[0];
    expect(r.removal![k - 1]).toBeCloseTo(want, 6);
  });

  it('stops when cancelled', async () => {
    const { m } = jsModel(
      'p',
      (c, rows, kk) => baselinePredict('persistence', c, rows, kk, d, null),
      d,
    );
    const ac = new AbortController();
    ac.abort();
    await expect(analyse(m, contexts, targets, n, k, d, { signal: ac.signal })).rejects.toThrow();
  });
});

describe('sampling', () => {
  it('takes evenly spaced windows, all when the limit is large', () => {
    expect([...sampleIndices(10, 4)]).toEqual([0, 2, 5, 7]);
    expect([...sampleIndices(3, Infinity)]).toEqual([0, 1, 2]);
    expect([...sampleFrom(Int32Array.from([4, 8, 9]), 2)]).toEqual([4, 8]);
  });
});

describe('noise sweep', () => {
  it('size 0 reproduces the clean cosines, one call per chunk with every size', async () => {
    const d = 16;
    const n = 30;
    const contexts = randomUnit(n * 5, d, 1);
    const targets = randomUnit(n, d, 2);
    const { m, calls } = jsModel(
      'lin',
      (c, rows, kk) => baselinePredict('linear_average', c, rows, kk, d, null),
      d,
    );
    const sizes = [0, 0.2, 1];
    const r = await noiseSweep(m, contexts, targets, n, 5, d, sizes);
    expect(calls).toEqual([3 * n]);
    const clean = cosineRows(
      baselinePredict('linear_average', contexts, n, 5, d, null),
      targets,
      n,
      d,
    );
    close(r[0], [...clean], 1e-6);
    expect(r[2].some((v, i) => Math.abs(v - clean[i]) > 1e-3)).toBe(true);
  });
});

describe('rollout', () => {
  // one article of 9 sentences in 3-D, K = 2: windows predict rows 2..8
  const d = 3;
  const k = 2;
  const rows = [
    [1, 0, 0],
    [0, 1, 0],
    [1, 0, 0],
    [0.6, 0.8, 0],
    [0, 1, 0],
    [0.8, 0, 0.6],
    [0, 0, 1],
    [0.6, 0, 0.8],
    [1, 0, 0],
  ];
  const stream = Float32Array.from(rows.flat());
  const n = rows.length - k;
  const w: WindowSet = {
    k,
    dim: d,
    n,
    contexts: Float32Array.from(
      { length: n * k * d },
      (_, j) => stream[Math.floor(j / (k * d)) * d + (j % (k * d))],
    ),
    targets: stream.slice(k * d),
    targetIndex: Int32Array.from({ length: n }, (_, i) => i + k),
    contextIndex: Int32Array.from({ length: n * k }, (_, j) => Math.floor(j / k) + (j % k)),
  };

  it('keeps windows with enough true future sentences in the same article', () => {
    expect([...rolloutWindows(w, 1)]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([...rolloutWindows(w, 3)]).toEqual([0, 1, 2, 3, 4]);
    const gap = { ...w, targetIndex: Int32Array.from([5, 6, 7, 10, 11, -1, 13]) };
    expect([...rolloutWindows(gap, 2)]).toEqual([0, 1, 3]);
    expect([...rolloutWindows(gap, 3)]).toEqual([0]);
  });

  it('persistence keeps predicting its last context vector: cosines by hand', async () => {
    const steps = 3;
    const idx = rolloutWindows(w, steps);
    const { m } = jsModel(
      'persistence',
      (c, r, kk) => baselinePredict('persistence', c, r, kk, d, null),
      d,
    );
    const ctx = new Float32Array(idx.length * k * d);
    idx.forEach((i, j) => ctx.set(w.contexts.subarray(i * k * d, (i + 1) * k * d), j * k * d));
    const cos = await rollout(m, ctx, futureTargets(w, idx, steps), idx.length, k, d, steps);
    // window i: context rows i, i+1; futures rows i+2, i+3, i+4
    // window 0: last context row 1 = [0,1,0]; futures [1,0,0], [.6,.8,0], [0,1,0] -> 0, 0.8, 1
    close([cos[0][0], cos[1][0], cos[2][0]], [0, 0.8, 1]);
    // window 2: last context row 3 = [0.6,0.8,0]; futures rows 4, 5, 6 -> 0.8, 0.48, 0
    close([cos[0][2], cos[1][2], cos[2][2]], [0.8, 0.48, 0]);
    // window 4: last context row 5 = [0.8,0,0.6]; futures rows 6, 7, 8 -> 0.6, 0.96, 0.8
    close([cos[0][4], cos[1][4], cos[2][4]], [0.6, 0.96, 0.8]);
  });

  it('feeds the prediction back as the newest context vector', async () => {
    const seen: Float32Array[] = [];
    const m: Analysable = {
      id: 'x',
      name: 'x',
      kind: 'model',
      dynamicK: false,
      hasAttention: false,
      async run(c) {
        seen.push(c.slice());
        return { prediction: Float32Array.from([0, 0, 2]) };
      },
    };
    await rollout(m, w.contexts.slice(0, k * d), futureTargets(w, [0], 2), 1, k, d, 2);
    // window 0 = rows 0, 1; the oldest drops out, unit([0, 0, 2]) comes in
    close(seen[1], [0, 1, 0, 0, 0, 1]);
  });
});
