/**
 * Results bundles in the workspace: each model of a bundle becomes a model (source 'bundle') whose
 * predictions, ranks and neighbours are read from the bundle, never recomputed. A bundle belongs to
 * the loaded dataset whose vectors hash to its dataset SHA-256 (docs/results-bundle.md).
 */
import { noteLoaded } from '../lib/loadEvents';
import { getDataset } from '../store/datasets';
import { fail } from '../data/errors';
import { loadFiles } from '../jobs/loadFiles';
import { bundleFileNames, parseBundleBytes, readBundleFiles } from '../data/readBundle';
import { BUNDLE_MANIFEST, type BundleModel, type ResultsBundle } from '../data/resultsBundle';
import type { Dataset, WindowSet } from '../data/types';
import { cutWindows } from '../data/windows';
import type { ModelInfo } from '../engine/types';
import type { EvalEntry, Predictor } from '../metrics/evaluate';
import { restrictEntries } from '../metrics/evaluate';
import { summarize } from '../metrics/hits';
import { useAppStore } from '../store';
import { compatible, contextLength } from './compatibility';
import type { ColumnResult } from './predictWindow';
import { datasetHash, recordModelHashValue } from './modelHashes';
import type { Evaluation, evaluate as evaluateFn } from './evaluation';

interface Registered {
  model: BundleModel;
  bundle: ResultsBundle;
  dataset: Dataset;
}

const registered = new Map<string, Registered>();
let loads = 0;

/** The workspace id of a bundle's model (apart from a loaded .onnx of the same id). */
export const bundleModelId = (id: string) => `results:${id}`;

/** The bundle results behind a model, or undefined for a model that runs. */
export function bundleResults(info: Pick<ModelInfo, 'id' | 'source'>): Registered | undefined {
  return info.source === 'bundle' ? registered.get(info.id) : undefined;
}

function need(info: ModelInfo, dataset: Dataset, k: number): Registered {
  const r =
    bundleResults(info) ??
    fail(info.name, 'missing-key', 'a results bundle that is open', 'none (open it again)');
  if (r.dataset !== dataset)
    fail(info.name, 'bad-shape', `the dataset ${r.dataset.name}`, dataset.name);
  if (r.model.k !== k) fail(info.name, 'bad-k', `K = ${r.model.k}`, `K = ${k}`);
  return r;
}

/** A bundle model's evaluation entry, read from the bundle (summary from its cosines and ranks). */
export function bundleEntry(info: ModelInfo, dataset: Dataset, k: number): EvalEntry {
  const { model } = need(info, dataset, k);
  return {
    id: info.id,
    name: info.name,
    kind: 'model',
    prediction: model.predictions,
    cosines: model.cosines,
    ranks: model.ranks,
    top: { ids: model.topIds, scores: model.topScores, k: model.top },
    summary: summarize(model.cosines, model.ranks),
    backend: `results bundle (${model.provider})`,
    predictMs: 0,
    rankMs: 0,
  };
}

/** A bundle model as a Predictor: its stored predictions, for every window of its dataset at once. */
export function bundlePredictor(info: ModelInfo): Predictor {
  return {
    id: info.id,
    name: info.name,
    kind: 'model',
    async predict(_contexts, n) {
      const r = bundleResults(info);
      if (!r || r.model.n !== n)
        fail(
          info.name,
          'count-mismatch',
          `all ${r?.model.n ?? '?'} windows of its dataset`,
          `${n}`,
        );
      return { prediction: r.model.predictions, wallMs: 0, backend: 'results bundle' };
    },
  };
}

/** Predict's column for window i of a bundle model: its stored cosine, rank and neighbours. */
export function bundleColumn(
  info: ModelInfo,
  dataset: Dataset,
  w: WindowSet,
  i: number,
): ColumnResult {
  const { model } = need(info, dataset, w.k);
  const neighbours = [];
  for (let t = 0; t < model.top; t++) {
    const index = model.topIds[i * model.top + t];
    if (index < 0) continue;
    const score = model.topScores[i * model.top + t];
    neighbours.push({ index, score, isTarget: index === w.targetIndex[i] });
  }
  return {
    id: info.id,
    name: info.name,
    kind: 'model',
    cosine: model.cosines[i],
    rank: model.ranks[i],
    neighbours,
    wallMs: 0,
    backend: `results bundle (${model.provider})`,
  };
}

/** evaluate()'s options, spelt out: through the circular import, Parameters<> left callbacks untyped. */
export interface EvaluateOptions {
  onProgress?: (fraction: number, label: string) => void;
  signal?: AbortSignal;
  force?: boolean;
  /** metrics over the windows done so far (the bundle's entries cut to them) */
  onPartial?: (partial: Evaluation) => void;
}

/**
 * evaluate() for a selection that may hold bundle models: the others run (evaluate), the bundle's
 * entries are read from it and placed in selection order before the baselines.
 */
export async function evaluateWithResults(
  evaluate: typeof evaluateFn,
  dataset: Dataset,
  models: ModelInfo[],
  opts: EvaluateOptions = {},
): Promise<Evaluation> {
  const k = contextLength(models, dataset);
  const fit = compatible(models, dataset.dim, k, dataset.id);
  const fromBundle = fit.filter((m) => m.source === 'bundle');
  if (!fromBundle.length) return evaluate(dataset, models, opts);
  const bundled = fromBundle.map((m) => bundleEntry(m, dataset, k));
  const merge = (e: Evaluation): Evaluation => {
    const part = e.n < bundled[0].ranks.length;
    const extra = part
      ? restrictEntries(
          bundled,
          Array.from({ length: e.n }, (_, i) => i),
        )
      : bundled;
    const byId = new Map([...e.entries, ...extra].map((x) => [x.id, x]));
    const order = [
      ...fit.map((m) => m.id),
      ...e.entries.filter((x) => x.kind === 'baseline').map((x) => x.id),
    ];
    return { ...e, entries: order.flatMap((id) => byId.get(id) ?? []) };
  };
  // only fit models run, so the run's K stays the one the bundle was read at
  const run = fit.filter((m) => m.source !== 'bundle');
  const { onPartial, ...rest } = opts;
  const evaluation = await evaluate(dataset, run, {
    ...rest,
    ...(onPartial ? { onPartial: (p: Evaluation) => onPartial(merge(p)) } : {}),
  });
  if (evaluation.k !== k)
    fail(
      dataset.name,
      'bad-k',
      `one K for the bundle and the models (K = ${k})`,
      `K = ${evaluation.k}`,
    );
  return merge(evaluation);
}

/** The registered dataset whose vectors hash to the bundle's dataset SHA-256, or undefined. */
async function findDataset(bundle: ResultsBundle): Promise<Dataset | undefined> {
  for (const summary of useAppStore.getState().datasets) {
    const ds = getDataset(summary.id);
    if (!ds || ds.dim !== bundle.dataset.dim) continue;
    if ((await datasetHash(ds)).sha256 === bundle.dataset.sha256) return ds;
  }
  return undefined;
}

/**
 * Open a bundle's files: find its dataset among the loaded ones by SHA-256, check its windows are
 * the app's, and add each of its models to the workspace (selected, with the bundle's SHA-256).
 */
export async function openResultsBundle(
  files: { name: string; bytes: ArrayBuffer }[],
  opts: { signal?: AbortSignal } = {},
): Promise<{ dataset: Dataset; models: ModelInfo[]; bundle: ResultsBundle }> {
  // parsed and range-checked in the parse worker: off this thread, and cancellable
  const bundle = await parseBundleBytes(files, opts);
  const dataset =
    (await findDataset(bundle)) ??
    fail(
      BUNDLE_MANIFEST,
      'missing-key',
      `the dataset it was computed on loaded first (${bundle.dataset.name}: ${bundle.dataset.hashed}, SHA-256 ${bundle.dataset.sha256.slice(0, 12)}…)`,
      'no loaded dataset with that SHA-256',
    );
  for (const [k, rows] of bundle.targetRows) {
    const w = cutWindows(dataset, k);
    const bad = rows.length !== w.n ? 0 : rows.findIndex((r, i) => r !== w.targetIndex[i]);
    if (rows.length !== w.n || bad >= 0)
      fail(
        BUNDLE_MANIFEST,
        'count-mismatch',
        `the app's ${w.n} windows of K = ${k} on ${dataset.name}`,
        rows.length !== w.n
          ? `${rows.length} windows`
          : `window ${bad} targeting row ${rows[bad]}, not ${w.targetIndex[bad]}`,
      );
  }
  const store = useAppStore.getState();
  const models = bundle.models.map((m): ModelInfo => {
    const id = bundleModelId(m.id);
    const info: ModelInfo = {
      id,
      name: `${m.name} (results)`,
      architecture: `results of ${m.file} (${m.provider}) from: ${bundle.command}`,
      params: null,
      bytes: m.predictions.length * 2,
      source: 'bundle',
      signature: {
        input: { name: 'context', shape: [null, m.k, m.dim], type: 'float32' },
        k: m.k,
        dim: m.dim,
        prediction: { name: 'prediction', shape: [null, m.dim], type: 'float32' },
        outputs: [{ name: 'prediction', shape: [null, m.dim], type: 'float32' }],
      },
      backend: 'bundle',
      loadId: `${id}#bundle${++loads}`,
      loadMs: 0,
      results: { datasetId: dataset.id, datasetName: dataset.name },
    };
    registered.set(id, { model: m, bundle, dataset });
    recordModelHashValue(info.loadId, m.sha256);
    store.addModel(info);
    return info;
  });
  // opening a bundle is asking to see it: its models join the selection even where a URL named others
  const selected = useAppStore.getState().selectedModels;
  store.setSelectedModels([
    ...selected,
    ...models.map((m) => m.id).filter((id) => !selected.includes(id)),
  ]);
  return { dataset, models, bundle };
}

/**
 * Open the files a user picked: a bundle's files (its manifest and the arrays it names) and,
 * optionally, the dataset's files beside them, which are loaded first as any dataset is.
 */
export async function openResultsFiles(
  files: File[],
  opts: { signal?: AbortSignal; onProgress?: (fraction: number, label: string) => void } = {},
): Promise<{ dataset: Dataset; models: ModelInfo[]; bundle: ResultsBundle }> {
  const manifest = files.find((f) => f.name.replace(/^.*[\\/]/, '') === BUNDLE_MANIFEST);
  if (!manifest) fail('(bundle)', 'missing-key', BUNDLE_MANIFEST, 'no manifest among the files');
  const named = await bundleFileNames(manifest, opts.signal);
  const mine = files.filter((f) => named.has(f.name.replace(/^.*[\\/]/, '')));
  const rest = files.filter((f) => !mine.includes(f));
  if (rest.length) await loadFiles(rest, { signal: opts.signal, onProgress: opts.onProgress });
  opts.onProgress?.(0.9, `reading ${BUNDLE_MANIFEST}`);
  const bytes = await readBundleFiles(mine, { signal: opts.signal });
  const opened = await openResultsBundle(bytes, { signal: opts.signal });
  noteLoaded({ kind: 'bundle', files: mine, ids: opened.models.map((m) => m.id) });
  return opened;
}
