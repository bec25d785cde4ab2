/** App wiring: loaded models (through the engine worker) and baselines as Analysables. */
import { engine } from '../../engine/client';
import type { ModelInfo, PredictOptions } from '../../engine/types';
import { baselinePredict, BASELINE_NAMES, type BaselineId } from '../../metrics/baselines';
import type { Analysable, RunOutput } from './splitAnalyses';

export type PredictFn = (
  id: string,
  contexts: Float32Array,
  n: number,
  opts: PredictOptions,
) => Promise<RunOutput>;

const enginePredict: PredictFn = (id, contexts, n, opts) => engine.predict(id, contexts, n, opts);

/** A loaded model; K is passed only where the model leaves it open. */
export function modelAnalysable(
  info: ModelInfo,
  workload: 'interactive' | 'bulk' = 'bulk',
  predict: PredictFn = enginePredict,
): Analysable {
  const dynamicK = info.signature.k === null;
  return {
    id: info.id,
    name: info.name,
    kind: 'model',
    dynamicK,
    hasAttention: !!info.signature.attention,
    run: (contexts, n, { k, onProgress, signal }) =>
      predict(info.id, contexts, n, {
        workload,
        ...(dynamicK && k ? { k } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(signal ? { signal } : {}),
      }),
  };
}

/** A baseline on the main thread (instant). The global mean needs the train mean. */
export function baselineAnalysable(
  id: BaselineId,
  d: number,
  trainMean: Float32Array | null = null,
): Analysable {
  return {
    id,
    name: BASELINE_NAMES[id],
    kind: 'baseline',
    dynamicK: true,
    hasAttention: false,
    async run(contexts, n) {
      const k = n > 0 ? contexts.length / n / d : 0;
      return { prediction: baselinePredict(id, contexts, n, k, d, trainMean) };
    },
  };
}
