/** Analysis's job: evaluate the models and baselines, then slice their errors and measure geometry. */
import type { Dataset } from '../../data/types';
import type { ModelInfo } from '../../engine/types';
import { modelsKey, objectKey } from '../../store/keys';
import type { JobContext } from '../../jobs/runner';
import { normalizeRows } from '../../metrics/cosine';
import type { EvalEntry } from '../../metrics/evaluate';
import {
  evenSample,
  meanPairwiseCosine,
  medianSorted,
  participationRatio,
  regressionToMean,
  varianceRatios,
} from '../../metrics/geometry';
import { contextMeans, sliceMetrics, type SliceMetrics } from '../../metrics/slices';
import { compatible, contextLength } from '../../predictors/compatibility';
import { windowsFor, type Evaluation } from '../../predictors/evaluation';
import { evaluateWithResults } from '../../predictors/evaluateWithResults';
import { sliceSets, type SliceSet } from './sliceSets';

/** Windows whose pairwise cosines are averaged (evenly spaced over the split). */
export const PAIRWISE_SAMPLE = 500;

/** Geometry of one set of vectors ([n, d]): the predictions of one predictor, or the targets. */
export interface Geometry {
  /** mean pairwise cosine over the PAIRWISE_SAMPLE windows */
  pairwise: number;
  participation: number;
}

export interface EntryAnalysis {
  entry: EvalEntry;
  /** per slice set, in the order of AnalysisResult.sets */
  slices: SliceMetrics[];
  geometry: Geometry;
  /** [n] cos(prediction, context mean) − cos(target, context mean) */
  regression: Float32Array;
  regressionMean: number;
  /** var(pred_i)/var(target_i), ascending */
  varianceRatios: Float64Array;
  varianceRatioMedian: number;
}

export interface AnalysisResult {
  evaluation: Evaluation;
  sets: SliceSet[];
  entries: EntryAnalysis[];
  targets: Geometry;
  /** windows in the pairwise sample */
  sampled: number;
}

/** What an analysis was computed from: this dataset object, these model loads and K. */
export function analysisKey(dataset: Dataset, models: ModelInfo[]): string {
  const k = contextLength(models, dataset);
  return `analysis|${objectKey(dataset)}|${modelsKey(compatible(models, dataset.dim, k, dataset.id))}|k${k}`;
}

// Lets progress paint and a cancel land between predictors (the analysis itself is synchronous).
const yieldToUi = () => new Promise((r) => setTimeout(r, 0));

/** The job body: evaluation (cached per dataset and model load), then slices and geometry. */
export function analysisWork(dataset: Dataset, models: ModelInfo[]) {
  return async (ctx: JobContext<AnalysisResult>): Promise<AnalysisResult> => {
    const evaluation = await evaluateWithResults(dataset, models, {
      signal: ctx.signal,
      onProgress: (f, label) => ctx.report(0.7 * f, `evaluating ${label}`),
    });
    const w = windowsFor(dataset, evaluation.k);
    const { n, dim: d } = w;
    const sets = sliceSets(dataset, w);
    const means = contextMeans(w.contexts, n, w.k, d);
    const sample = evenSample(n, PAIRWISE_SAMPLE);
    const geometry = (x: Float32Array): Geometry => ({
      pairwise: meanPairwiseCosine(x, sample, d),
      participation: participationRatio(x, n, d),
    });
    const targets = geometry(w.targets);
    const entries: EntryAnalysis[] = [];
    for (const [i, entry] of evaluation.entries.entries()) {
      ctx.report(0.7 + (0.3 * i) / evaluation.entries.length, `analysing ${entry.name}`);
      await yieldToUi();
      ctx.signal.throwIfAborted();
      // Directions only: the cosine metric normalises predictions, so geometry does too.
      const pred = normalizeRows(entry.prediction, n, d);
      const regression = regressionToMean(pred, w.targets, means, n, d);
      const ratios = varianceRatios(pred, w.targets, n, d);
      entries.push({
        entry,
        slices: sets.map((s) => sliceMetrics(s.rows, entry.cosines, entry.ranks)),
        geometry: geometry(pred),
        regression,
        regressionMean: regression.reduce((a, b) => a + b, 0) / n,
        varianceRatios: ratios,
        varianceRatioMedian: medianSorted(ratios),
      });
    }
    return { evaluation, sets, entries, targets, sampled: sample.length };
  };
}
