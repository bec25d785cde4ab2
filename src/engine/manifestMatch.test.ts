/**
 * The app's metrics on the shipped val and OOD sets equal the training pipeline's manifest values
 * (same bank, same definition, docs/metrics.md): the shipped ONNX models run on onnxruntime-web in
 * Node, ranks come from the retrieval kernel, within 0.2 percentage points.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InferenceSession } from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { demoDataset } from '../data/demo';
import { parseNpy } from '../data/npy';
import { toFloat32 } from '../data/ndarray';
import { cutWindows } from '../data/windows';
import type { Dataset } from '../data/types';
import type { Manifest, SplitMetrics } from '../predictors/manifest';
import { BASELINE_IDS } from '../metrics/baselines';
import { normalizeRows } from '../metrics/cosine';
import {
  baselinePredictor,
  evaluatePredictors,
  type Predictor,
  type RankFn,
} from '../metrics/evaluate';
import type { MetricSummary } from '../metrics/hits';
import { RetrievalKernel } from './retrievalKernel';
import { readBytes } from './testModels';
import { getOrt } from './ort';

// The build the app runs WASM sessions on (Node has no cross-origin isolation: 1 thread).
const ort = getOrt();

const ROOT = resolve(__dirname, '../..');
const file = (p: string) => resolve(ROOT, 'public', p);
const TOLERANCE = 0.002; // 0.2 percentage points on fractions
const ready = existsSync(file('models/manifest.json')) && existsSync(file('data/dataset.json'));

function loadSplit(split: 'val' | 'ood'): Dataset {
  const meta = JSON.parse(readFileSync(file('data/dataset.json'), 'utf8'));
  const files = meta.splits[split];
  return demoDataset(
    { id: `demo-${split}`, name: split, split },
    readBytes(file(`data/${files.vectors}`)),
    JSON.parse(readFileSync(file(`data/${files.sentences}`), 'utf8')),
    JSON.parse(readFileSync(file(`data/${meta.articles}`), 'utf8')),
    files,
  );
}

function onnxPredictor(
  session: InferenceSession,
  m: Manifest['models'][number],
  k: number,
  d: number,
): Predictor {
  return {
    id: m.id,
    name: m.name,
    kind: 'model',
    async predict(contexts, n) {
      const t0 = performance.now();
      const prediction = new Float32Array(n * d);
      const batch = 512;
      for (let s = 0; s < n; s += batch) {
        const b = Math.min(batch, n - s);
        const input = new ort.Tensor('float32', contexts.subarray(s * k * d, (s + b) * k * d), [
          b,
          k,
          d,
        ]);
        const out = await session.run({ [m.inputs[0].name]: input });
        prediction.set(out[m.outputs[0].name].data as Float32Array, s * d);
      }
      return { prediction, wallMs: performance.now() - t0, backend: 'wasm' };
    },
  };
}

function expectMatches(got: MetricSummary, want: SplitMetrics, label: string) {
  expect(got.n, `${label} n`).toBe(want.n);
  const pairs: [string, number, number][] = [
    ['cosine_mean', got.cosineMean, want.cosine_mean],
    ['hit1', got.hit1, want.hit1],
    ['hit5', got.hit5, want.hit5],
    ['hit10', got.hit10, want.hit10],
    ['hit20', got.hit20, want.hit20],
    ['mrr', got.mrr, want.mrr],
  ];
  for (const [name, g, w] of pairs)
    expect(Math.abs(g - w), `${label} ${name}: ${g} vs ${w}`).toBeLessThanOrEqual(TOLERANCE);
  expect(
    Math.abs(got.meanRank - want.mean_rank) / want.mean_rank,
    `${label} mean rank`,
  ).toBeLessThan(0.01);
}

describe.skipIf(!ready)('metrics match the training manifest', () => {
  for (const split of ['ood', 'val'] as const) {
    it(`on the shipped ${split} split`, async () => {
      const manifest: Manifest = JSON.parse(readFileSync(file('models/manifest.json'), 'utf8'));
      const dataset = loadSplit(split);
      const k = 5;
      const d = dataset.dim;
      const windows = cutWindows(dataset, k);
      const kernel = await RetrievalKernel.create(
        getOrt,
        new Uint8Array(readFileSync(file('kernels/retrieval.onnx'))),
      );
      kernel.setBank(
        split,
        normalizeRows(dataset.bank.vectors, dataset.bank.count, d),
        dataset.bank.count,
        d,
      );
      const rank: RankFn = async (queries, w) =>
        kernel.search(split, {
          queries,
          n: w.n,
          targetIndex: w.targetIndex,
          contextIndex: w.contextIndex,
          k: w.k,
          top: 1,
        });
      const mean = toFloat32(
        parseNpy(new Uint8Array(readFileSync(file('data/train_mean.npy'))), 'train_mean.npy'),
      );
      const sessions = await Promise.all(
        manifest.models.map((m) =>
          ort.InferenceSession.create(readFileSync(file(`models/${m.file}`)), {
            executionProviders: ['wasm'],
          }),
        ),
      );
      const predictors = [
        ...manifest.models.map((m, i) => onnxPredictor(sessions[i], m, k, d)),
        ...BASELINE_IDS.map((id) => baselinePredictor(id, k, d, mean)),
      ];
      const entries = await evaluatePredictors(predictors, windows, rank);
      for (const e of entries) {
        const want = (e.kind === 'model' ? manifest.models : manifest.baselines).find(
          (x) => x.id === e.id,
        )!.metrics[split];
        expectMatches(e.summary, want, `${e.id}/${split}`);
      }
      await Promise.all(sessions.map((s) => s.release()));
    }, 600_000);
  }
});
