/**
 * The results of open bundle models, by workspace id: each model's predictions, ranks and neighbours
 * are read from its bundle, never recomputed (docs/results-bundle.md).
 */
import { fail } from '../data/errors';
import type { BundleModel, ResultsBundle } from '../data/resultsBundleParse';
import type { Dataset, WindowSet } from '../data/types';
import type { ModelInfo } from '../engine/types';
import type { EvalEntry, Predictor } from '../metrics/evaluate';
import { summarize } from '../metrics/hits';
import type { ColumnResult } from './columnResult';

export interface Registered {
  model: BundleModel;
  bundle: ResultsBundle;
  dataset: Dataset;
}

const registered = new Map<string, Registered>();
let loads = 0;

/** Keep a bundle model's results under its workspace id; returns a load id no other load has. */
export function registerBundleModel(id: string, r: Registered): string {
  registered.set(id, r);
  return `${id}#bundle${++loads}`;
}

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
