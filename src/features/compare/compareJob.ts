/** Compare's job: evaluate the models and baselines on a split, then (optionally) time each model. */
import type { Dataset } from '../../data/types';
import type { ModelInfo } from '../../engine/types';
import { modelLoadKey, modelsKey, objectKey } from '../../store/keys';
import type { JobContext } from '../../jobs/runner';
import { compatible, contextLength } from '../../predictors/compatibility';
import { windowsFor, type Evaluation } from '../../predictors/evaluation';
import { evaluateWithResults } from '../../predictors/evaluateWithResults';
import { measureModel, type PerfResult } from '../../predictors/perf';

export interface CompareResult {
  evaluation: Evaluation;
  /** speed per model id; empty when speed was not measured */
  perf: Map<string, PerfResult>;
}

/** Splits at or below this many windows are evaluated as soon as Compare opens. */
export const AUTO_RUN_MAX_WINDOWS = 2000;

/** Windows of `dataset` at context length k (cut once and cached), or Infinity when none can be cut. */
export function windowCount(dataset: Dataset, k: number): number {
  try {
    return windowsFor(dataset, k).n;
  } catch {
    return Infinity;
  }
}

/** What a Compare result was computed from: this dataset object, these model loads, K, speed. */
export function compareKey(dataset: Dataset, models: ModelInfo[], speed: boolean): string {
  const k = contextLength(models, dataset);
  const fit = compatible(models, dataset.dim, k, dataset.id);
  return `compare|${objectKey(dataset)}|${modelsKey(fit)}|k${k}|${speed ? 'speed' : 'metrics'}`;
}

// Speed belongs to a model load on a backend, not to a dataset: measured once per load.
const perfCache = new Map<string, PerfResult>();

/** The job body: metrics first (published as a partial result), then speed per model. */
export function compareWork(
  dataset: Dataset,
  models: ModelInfo[],
  opts: { speed: boolean; force: boolean },
) {
  return async (ctx: JobContext<CompareResult>): Promise<CompareResult> => {
    const share = opts.speed ? 0.8 : 1;
    const evaluation = await evaluateWithResults(dataset, models, {
      signal: ctx.signal,
      force: opts.force,
      onProgress: (f, label) => ctx.report(share * f, `evaluating ${label}`),
      // metrics over the windows done so far, while a large split runs
      onPartial: (partial) => ctx.partial({ evaluation: partial, perf: new Map() }),
    });
    const perf = new Map<string, PerfResult>();
    if (!opts.speed) return { evaluation, perf };
    ctx.partial({ evaluation, perf: new Map(perf) });
    const w = windowsFor(dataset, evaluation.k);
    // a results bundle's models ran elsewhere: nothing to time
    const todo = compatible(models, dataset.dim, evaluation.k).filter((m) => m.source !== 'bundle');
    for (const [i, m] of todo.entries()) {
      const key = `${modelLoadKey(m)}:${m.backend}`;
      let p = perfCache.get(key);
      if (!p || opts.force) {
        p = await measureModel(m.id, w.contexts, w.n, evaluation.k * w.dim, {
          signal: ctx.signal,
          onProgress: (f) =>
            ctx.report(share + ((1 - share) * (i + f)) / todo.length, `timing ${m.name}`),
        });
        perfCache.set(key, p);
      }
      perf.set(m.id, p);
      ctx.partial({ evaluation, perf: new Map(perf) });
    }
    return { evaluation, perf };
  };
}
