// @vitest-environment jsdom
/**
 * A results bundle written by `python -m training evaluate` (e2e/fixtures/bundle, from
 * scripts/make_bundle_fixture.py) opens in the app, and its metrics equal the app's own evaluation
 * of the same ONNX files on the same data (engine + retrieval worker, in-process) within 0.2 pp.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../data/errors';
import { parseFiles } from '../data/parseFiles';
import { registerDataset, removeDataset } from '../store/datasets';
import { readBundleFiles } from '../data/readBundle';
import { BUNDLE_MANIFEST, parseResultsBundle } from '../data/resultsBundleParse';
import type { Dataset } from '../data/types';
import { engine } from '../engine/client';
import type { ModelInfo } from '../engine/types';
import { installInProcessWorkers } from '../test/inProcessWorkers';
import { useAppStore } from '../store';
import { evaluate, modelPredictor } from './evaluation';
import { modelHash, sha256Hex } from './modelHashes';
import { predictWindow } from './predictWindow';
import { cutWindows } from '../data/windows';
import { evaluateWithResults } from './evaluateWithResults';
import { openResultsBundle } from './resultsBundleOpen';
import { bundleModelId } from './resultsBundleRegistry';

const ROOT = resolve(__dirname, '../..');
const FIXTURE = resolve(ROOT, 'e2e/fixtures/bundle');
const RESULTS = resolve(FIXTURE, 'results');
const TOLERANCE = 0.002; // 0.2 percentage points on fractions

const buffer = (path: string): ArrayBuffer => {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};
const bundleFiles = () =>
  readdirSync(RESULTS).map((name) => ({ name, bytes: buffer(resolve(RESULTS, name)) }));
const manifest = JSON.parse(readFileSync(resolve(RESULTS, BUNDLE_MANIFEST), 'utf8'));
const withManifest = (patch: (m: typeof manifest) => void) =>
  bundleFiles().map((f) => {
    if (f.name !== BUNDLE_MANIFEST) return f;
    const m = structuredClone(manifest);
    patch(m);
    return { name: f.name, bytes: new TextEncoder().encode(JSON.stringify(m)).buffer };
  });
function refusal(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return e as DataFileError;
  }
  throw new Error('expected a refusal');
}

let dataset: Dataset;
let ran: ModelInfo[];
beforeAll(async () => {
  installInProcessWorkers();
  const built = parseFiles([{ name: 'ood600.npz', bytes: buffer(resolve(FIXTURE, 'ood600.npz')) }]);
  if (built.kind !== 'dataset') throw new Error('fixture dataset needs a mapping');
  dataset = built.dataset;
  registerDataset(dataset);
  ran = [];
  for (const m of manifest.models) {
    const path = [resolve(FIXTURE, m.file), resolve(ROOT, 'e2e/fixtures/models', m.file)].find(
      existsSync,
    )!;
    const bytes = buffer(path);
    // the files loaded are the ones the bundle was computed with
    expect(
      await sha256Hex(bytes),
      `${m.file}: regenerate with scripts/make_bundle_fixture.py`,
    ).toBe(m.sha256);
    ran.push(await engine.loadModel({ id: m.id, name: m.name, source: 'user', bytes }));
  }
}, 300_000);

describe('parseResultsBundle', () => {
  it('reads every model’s arrays with the manifest’s shapes', () => {
    const b = parseResultsBundle(bundleFiles());
    expect(b.models.map((m) => m.id)).toEqual(manifest.models.map((m: { id: string }) => m.id));
    for (const m of b.models) {
      expect(m.predictions.length).toBe(m.n * m.dim);
      expect(m.ranks.length).toBe(m.n);
      expect(m.topIds.length).toBe(m.n * m.top);
      expect(b.targetRows.get(m.k)!.length).toBe(m.n);
    }
  });

  it('names what it expected and what it found in a malformed bundle', () => {
    let e = refusal(() => parseResultsBundle(withManifest((m) => (m.version = 2))));
    expect([e.expected, e.found]).toEqual(['version 1', 'version 2']);
    e = refusal(() => parseResultsBundle(withManifest((m) => (m.format = 'something'))));
    expect(e.message).toContain("expected format 'lvm-lens-results'; found 'something'");
    const ranksFile = manifest.models[0].files.ranks;
    e = refusal(() => parseResultsBundle(bundleFiles().filter((f) => f.name !== ranksFile)));
    expect([e.file, e.found]).toEqual([ranksFile, 'no such file given']);
    e = refusal(() => parseResultsBundle(withManifest((m) => (m.models[0].n = 7))));
    expect(e.code).toBe('count-mismatch');
    const wrongShape = bundleFiles().map((f) =>
      f.name === ranksFile
        ? {
            ...f,
            name: ranksFile,
            bytes: buffer(resolve(RESULTS, manifest.models[0].files.top_ids)),
          }
        : f,
    );
    e = refusal(() => parseResultsBundle(wrongShape));
    expect(e.expected).toBe(`shape [${manifest.models[0].n}]`);
    expect(e.found).toBe(`shape [${manifest.models[0].n}, ${manifest.retrieval.top}]`);
    e = refusal(() => parseResultsBundle(withManifest((m) => delete m.dataset.sha256)));
    expect(e.expected).toBe('dataset.sha256 (string)');
  });
});

describe('reading a bundle', () => {
  it('parses in the parse worker: the bytes are given to it, and a cancelled open stops', async () => {
    const given = bundleFiles();
    await openResultsBundle(given);
    expect(given.map((f) => f.bytes.byteLength)).toEqual(given.map(() => 0));
    const ac = new AbortController();
    ac.abort();
    await expect(openResultsBundle(bundleFiles(), { signal: ac.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('reads its files under a size limit, refused before reading any', async () => {
    const unread = (name: string, size: number) =>
      ({
        name,
        size,
        stream: () => {
          throw new Error(`read ${name}`);
        },
      }) as unknown as File;
    await expect(
      readBundleFiles([unread(BUNDLE_MANIFEST, 100), unread('m.ranks.npy', 2000)], {
        maxBytes: 1000,
      }),
    ).rejects.toThrow(
      /at most 1000 B for the bundle.s files; found 2 files of 2\.1 KB \(the largest: m\.ranks\.npy/,
    );
    await expect(readBundleFiles([unread(BUNDLE_MANIFEST, 17 * 1024 ** 2)])).rejects.toThrow(
      /a manifest of at most 16\.0 MB; found 17\.0 MB/,
    );
  });
});

describe('a bundle in the workspace', () => {
  it('is refused until its dataset is loaded, naming the dataset', async () => {
    removeDataset(dataset.id);
    await expect(openResultsBundle(bundleFiles())).rejects.toThrow(/loaded first.*SHA-256/);
    registerDataset(dataset);
  });

  it('agrees with the app’s own evaluation of the same models within 0.2 pp', async () => {
    const { models } = await openResultsBundle(bundleFiles());
    expect(models.map((m) => m.id)).toEqual(ran.map((m) => bundleModelId(m.id)));
    expect(await modelHash(models[0].loadId)).toBe(manifest.models[0].sha256);
    expect(new Set(models.map((m) => m.signature.k)).size).toBe(2); // windows of two K
    for (const [j, m] of ran.entries()) {
      // each model at its own K, as the CLI cut them
      const own = await evaluate(dataset, [m]);
      const both = await evaluateWithResults(dataset, [models[j], m]);
      expect(both.k).toBe(m.signature.k);
      const app = own.entries.find((e) => e.id === m.id)!.summary;
      const fromBundle = both.entries.find((e) => e.id === bundleModelId(m.id))!;
      expect(fromBundle.rankMs).toBe(0); // read, not ranked again
      const s = fromBundle.summary;
      expect(s.n).toBe(app.n);
      for (const key of ['hit1', 'hit5', 'hit10', 'hit20', 'mrr', 'cosineMean'] as const)
        expect(Math.abs(s[key] - app[key]), `${m.id} ${key}`).toBeLessThanOrEqual(TOLERANCE);
      // the bundle's manifest metrics are those of its arrays
      const cli = manifest.models.find((x: { id: string }) => x.id === m.id).metrics;
      expect(s.hit5).toBeCloseTo(cli.hit5, 6);
      expect(s.mrr).toBeCloseTo(cli.mrr, 5);
      // the baselines are the app's own, after the models
      expect(both.entries.map((e) => e.kind)).toEqual([
        'model',
        'model',
        'baseline',
        'baseline',
        'baseline',
      ]);
    }
  }, 120_000);

  it('shows a window in Predict from the bundle, and nothing on another dataset', async () => {
    const { models } = await openResultsBundle(bundleFiles());
    const w = cutWindows(dataset, ran[1].signature.k!);
    const i = 3;
    const cols = await predictWindow(dataset, w, i, [...ran.slice(1), ...models.slice(1)]);
    const stored = cols.find((c) => c.id === models[1].id)!;
    const live = cols.find((c) => c.id === ran[1].id)!;
    const b = parseResultsBundle(bundleFiles()).models[1];
    expect(stored.rank).toBe(b.ranks[i]);
    expect(stored.neighbours.map((n) => n.index)).toEqual(
      Array.from(b.topIds.slice(i * 10, i * 10 + 10)),
    );
    expect(stored.rank).toBe(live.rank);
    expect(stored.neighbours[0].index).toBe(live.neighbours[0].index);
    const other: Dataset = { ...dataset, id: 'other', name: 'other' };
    const elsewhere = await predictWindow(other, cutWindows(other, w.k), i, models);
    expect(elsewhere.some((c) => c.id === models[1].id)).toBe(false);
    expect(useAppStore.getState().models.find((m) => m.id === models[0].id)?.source).toBe('bundle');
    // the Map's predictor for a bundle model hands over the stored predictions, for all windows only
    const mapPredictor = modelPredictor(models[1], 'bulk');
    const out = await mapPredictor.predict(w.contexts, w.n, {});
    expect(out.prediction).toEqual(b.predictions);
    await expect(mapPredictor.predict(w.contexts, 1, {})).rejects.toThrow(
      `all ${b.n} windows of its dataset`,
    );
  }, 120_000);
});
