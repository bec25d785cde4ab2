/** The three reference predictors of docs/metrics.md; each maps contexts [n, k, d] to [n, d]. */
import { normalizeRows } from './cosine';

export const BASELINE_IDS = ['linear_average', 'persistence', 'global_mean'] as const;
export type BaselineId = (typeof BASELINE_IDS)[number];

export const BASELINE_NAMES: Record<BaselineId, string> = {
  linear_average: 'Linear average',
  persistence: 'Persistence',
  global_mean: 'Global mean',
};

export function isBaselineId(id: string): id is BaselineId {
  return (BASELINE_IDS as readonly string[]).includes(id);
}

/** normalize(mean of the k context vectors). */
export function linearAverage(
  contexts: Float32Array,
  n: number,
  k: number,
  d: number,
): Float32Array {
  const mean = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const o = (i * k + t) * d;
      for (let j = 0; j < d; j++) mean[i * d + j] += contexts[o + j];
    }
  }
  return normalizeRows(mean, n, d);
}

/** The last context vector, unchanged. */
export function persistence(contexts: Float32Array, n: number, k: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    out.set(contexts.subarray((i * k + k - 1) * d, (i * k + k) * d), i * d);
  return out;
}

/** normalize(train mean), repeated for every window. */
export function globalMean(trainMean: Float32Array, n: number, d: number): Float32Array {
  const unit = normalizeRows(trainMean, 1, d);
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) out.set(unit, i * d);
  return out;
}

/** Predictions of one baseline for contexts [n, k, d]. */
export function baselinePredict(
  id: BaselineId,
  contexts: Float32Array,
  n: number,
  k: number,
  d: number,
  trainMean: Float32Array | null,
): Float32Array {
  switch (id) {
    case 'linear_average':
      return linearAverage(contexts, n, k, d);
    case 'persistence':
      return persistence(contexts, n, k, d);
    case 'global_mean':
      if (!trainMean) throw new Error('The global-mean baseline needs the train mean vector');
      return globalMean(trainMean, n, d);
  }
}
