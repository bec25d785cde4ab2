// @vitest-environment jsdom
/**
 * The app's metrics on the shipped val and OOD sets equal the training pipeline's manifest values
 * (same bank, same definition, docs/metrics.md), within 0.2 percentage points — computed the way
 * Compare computes them: the shipped ONNX files loaded by the real engine, the demo loaded by the
 * demo loader, and `evaluate()` ranking through the real retrieval worker (both run in-process).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoDatasets } from '../jobs/loadDemo';
import { getDataset } from '../store/datasets';
import { engine } from '../engine/client';
import type { ModelInfo } from '../engine/types';
import type { MetricSummary } from '../metrics/hits';
import { installInProcessWorkers } from '../test/inProcessWorkers';
import { evaluate } from './evaluation';
import { loadManifest, modelsUrl, type Manifest, type SplitMetrics } from './manifest';

const PUBLIC = resolve(__dirname, '../../public');
const ready =
  existsSync(resolve(PUBLIC, 'models/manifest.json')) &&
  existsSync(resolve(PUBLIC, 'data/dataset.json'));
const TOLERANCE = 0.002; // 0.2 percentage points on fractions

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

let manifest: Manifest;
let models: ModelInfo[];
beforeAll(async () => {
  if (!ready) return;
  installInProcessWorkers();
  manifest = await loadManifest();
  models = [];
  for (const m of manifest.models) {
    const bytes = await (await fetch(modelsUrl(m.file))).arrayBuffer();
    models.push(await engine.loadModel({ id: m.id, name: m.name, source: 'shipped', bytes }));
  }
  await loadDemoDatasets();
}, 600_000);

describe.skipIf(!ready)('Compare’s evaluate() matches the training manifest', () => {
  // A run has one context length: the fleet's K = 5 models run together with the manifest's
  // baselines; a model of another K (the long-context GRU) runs alone on its own windows, beside
  // the baselines measured on those same windows.
  for (const split of ['ood', 'val', 'stress'] as const) {
    it(`on the shipped ${split} split, per context length`, async () => {
      const byK = new Map<number, ModelInfo[]>();
      for (const m of manifest.models) {
        const info = models.find((x) => x.id === m.id)!;
        byK.set(m.K, [...(byK.get(m.K) ?? []), info]);
      }
      expect([...byK.keys()]).toContain(manifest.k);
      for (const [k, group] of byK) {
        const evaluation = await evaluate(getDataset(`demo-${split}`)!, group);
        const ids = group.map((m) => m.id);
        expect(evaluation.entries.map((e) => e.id).sort()).toEqual(
          [...ids, ...manifest.baselines.map((b) => b.id)].sort(),
        );
        for (const e of evaluation.entries) {
          const entry = manifest.models.find((x) => x.id === e.id);
          const want =
            e.kind === 'model'
              ? entry!.metrics[split]!
              : k === manifest.k
                ? manifest.baselines.find((x) => x.id === e.id)!.metrics[split]!
                : manifest.models.find((x) => x.K === k)!.baselines_same_windows![
                    e.id as keyof NonNullable<(typeof manifest.models)[0]['baselines_same_windows']>
                  ][split]!;
          expectMatches(e.summary, want, `${e.id}/${split}/K=${k}`);
        }
      }
    }, 600_000);
  }
});
