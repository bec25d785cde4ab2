/** Which models can run on a dataset, and for those that cannot, the reason in the user's words. */
import type { Dataset } from '../data/types';
import type { ModelInfo } from '../engine/types';

export const DEFAULT_K = 5;

/**
 * The context length of a run: a windows file's own K; else the first selected model with a
 * fixed K; else the demo's.
 */
export function contextLength(models: ModelInfo[], dataset?: Pick<Dataset, 'windows'>): number {
  return dataset?.windows?.k ?? models.find((m) => m.signature.k)?.signature.k ?? DEFAULT_K;
}

/**
 * Why `m` cannot run on `dim`-D windows of context length `k`, or null when it can. A results
 * bundle's model fits only the dataset its results were computed on (`datasetId`).
 */
export function unfitReason(
  m: ModelInfo,
  dim: number,
  k: number,
  datasetName: string,
  datasetId?: string,
): string | null {
  if (m.results && m.results.datasetId !== datasetId)
    return `results computed on ${m.results.datasetName}; nothing to run here`;
  const s = m.signature;
  if (s.dim !== null && s.dim !== dim) return `expects ${s.dim}-D; ${datasetName} is ${dim}-D`;
  if (s.k !== null && s.k !== k) return `expects K = ${s.k}; these windows have K = ${k}`;
  return null;
}

/** Models that fit: same dimension and K (or dynamic); bundle results only on their `datasetId`. */
export function compatible(
  models: ModelInfo[],
  dim: number,
  k: number,
  datasetId?: string,
): ModelInfo[] {
  return models.filter((m) => unfitReason(m, dim, k, '', datasetId) === null);
}

export interface Unfit {
  model: ModelInfo;
  reason: string;
}

/** The models split into those that run on the dataset and those that do not, with reasons. */
export function fitReport(
  models: ModelInfo[],
  dataset: Pick<Dataset, 'dim' | 'name'> & { id?: string },
  k: number,
): { fit: ModelInfo[]; unfit: Unfit[] } {
  const fit: ModelInfo[] = [];
  const unfit: Unfit[] = [];
  for (const model of models) {
    const reason = unfitReason(model, dataset.dim, k, dataset.name, dataset.id);
    if (reason) unfit.push({ model, reason });
    else fit.push(model);
  }
  return { fit, unfit };
}
