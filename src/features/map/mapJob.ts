/** The Map's job: every predictor's predictions, the points to lay out, and their UMAP layout. */
import type { Dataset } from '../../data/types';
import type { ModelInfo } from '../../engine/types';
import { modelLoadKey, modelsKey, objectKey } from '../../store/keys';
import type { JobContext } from '../../jobs/runner';
import { projectionWorker } from '../../projection/client';
import type { LayoutEngine, LayoutParams, LayoutResult } from '../../projection/types';
import { callOptions } from '../../lib/worker-rpc';
import { baselinePredictors, modelPredictor, windowsFor } from '../../predictors/evaluation';
import { buildMapPoints, type MapPoints } from './mapData';
import { predictAll } from './runMap';

export interface MapInput {
  dataset: Dataset;
  k: number;
  /** models that fit the dataset */
  fit: ModelInfo[];
  baselines: boolean;
  contexts: boolean;
  bankSample: number;
}

export interface MapResult {
  dataset: Dataset;
  points: MapPoints;
  result: LayoutResult;
  contextIndex: Int32Array;
  k: number;
}

/** What is mapped: a change here lays the map out again on its own. */
export function mapDataKey(i: MapInput): string {
  return [
    'map',
    objectKey(i.dataset),
    i.k,
    modelsKey(i.fit),
    i.baselines,
    i.contexts,
    i.bankSample,
  ].join('|');
}

/** What is mapped and how: the job key (parameters change only on "Lay out"). */
export function mapKey(i: MapInput, params: LayoutParams, engine: LayoutEngine): string {
  return [
    mapDataKey(i),
    params.nNeighbors,
    params.minDist,
    params.nEpochs,
    params.seed,
    engine,
  ].join('|');
}

/** The job body: predictions (cached per dataset and predictor), points, kNN + layout in the worker. */
export function mapWork(i: MapInput, params: LayoutParams, engine: LayoutEngine) {
  return async (ctx: JobContext<MapResult>): Promise<MapResult> => {
    const { dataset, k } = i;
    const w = windowsFor(dataset, k);
    ctx.report(0, 'predicting');
    const predictors = [
      ...i.fit.map((m) => ({
        key: `${modelLoadKey(m)}:k${k}`,
        predictor: modelPredictor(m, 'bulk'),
      })),
      ...(i.baselines
        ? // The global mean predicts one vector for every window: nothing to map.
          (await baselinePredictors(k, dataset.dim))
            .filter((p) => p.id !== 'global_mean')
            .map((p) => ({ key: `b:${p.id}:${k}`, predictor: p }))
        : []),
    ];
    const preds = await predictAll(dataset, w, predictors, ctx.signal);
    const points = buildMapPoints(dataset, w, preds, {
      contexts: i.contexts,
      bankSample: i.bankSample,
    });
    // The points' vectors were built for this layout alone: given to the worker, and the kept
    // points hold none rather than a detached array.
    const { vectors } = points;
    const result = await projectionWorker().layout(
      { vectors, n: points.n, dim: points.dim, params, engine },
      callOptions({
        transfer: [vectors.buffer as ArrayBuffer],
        signal: ctx.signal,
        onProgress: (done: number, total: number) => {
          const epochs = params.nEpochs;
          const knn = total - epochs;
          if (done <= knn) ctx.report(done / Math.max(1, knn), 'nearest neighbours');
          else ctx.report((done - knn) / epochs, `epoch ${done - knn} / ${epochs}`);
        },
      }),
    );
    const kept = { ...points, vectors: new Float32Array(0) };
    return { dataset, points: kept, result, contextIndex: w.contextIndex, k };
  };
}
