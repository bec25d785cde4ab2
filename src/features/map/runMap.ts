/** Predictions for every window, cached per dataset object and predictor. */
import type { Dataset, WindowSet } from '../../data/types';
import type { Predictor } from '../../metrics/evaluate';
import type { MapPredictions } from './mapData';

const cache = new WeakMap<Dataset, Map<string, Float32Array>>();

export async function predictAll(
  dataset: Dataset,
  w: WindowSet,
  predictors: { key: string; predictor: Predictor }[],
  signal?: AbortSignal,
): Promise<MapPredictions[]> {
  let byKey = cache.get(dataset);
  if (!byKey) cache.set(dataset, (byKey = new Map()));
  const out: MapPredictions[] = [];
  for (const { key, predictor } of predictors) {
    signal?.throwIfAborted();
    let prediction = byKey.get(key);
    if (!prediction) {
      prediction = (await predictor.predict(w.contexts, w.n, { signal })).prediction;
      byKey.set(key, prediction);
    }
    out.push({ id: predictor.id, name: predictor.name, prediction });
  }
  return out;
}
