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
import { BUNDLE_MANIFEST, type ResultsBundle } from '../data/resultsBundleParse';
import type { Dataset } from '../data/types';
import { cutWindows } from '../data/windows';
import type { ModelInfo } from '../engine/types';
import { useAppStore } from '../store';
import { datasetHash, recordModelHashValue } from './modelHashes';
import { bundleModelId, registerBundleModel } from './resultsBundleRegistry';

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
      loadId: registerBundleModel(id, { model: m, bundle, dataset }),
      loadMs: 0,
      results: { datasetId: dataset.id, datasetName: dataset.name },
    };
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
