/** The slices where a model falls furthest below the linear-average baseline. */
import type { SliceMetrics } from '../../metrics/slices';

/** Slices with fewer windows than this are not ranked (their gaps are mostly noise). */
export const MIN_SLICE_WINDOWS = 20;

export type GapMetric = 'hit5' | 'cosine';

export interface WorstSlice {
  modelId: string;
  modelName: string;
  /** index into the slice sets, and the group within it */
  set: number;
  group: number;
  n: number;
  model: number;
  baseline: number;
  /** model − baseline: negative where the model is worse */
  gap: number;
}

interface Scored {
  id: string;
  name: string;
  kind: 'model' | 'baseline';
  slices: SliceMetrics[];
}

/**
 * Every (model, slice) with at least `minWindows` windows, ordered by model − baseline on `metric`,
 * most negative first; at most `limit` rows.
 */
export function worstSlices(
  scored: Scored[],
  baselineId: string,
  metric: GapMetric,
  limit = 10,
  minWindows = MIN_SLICE_WINDOWS,
): WorstSlice[] {
  const base = scored.find((s) => s.id === baselineId);
  if (!base) return [];
  const rows: WorstSlice[] = [];
  for (const m of scored) {
    if (m.kind !== 'model') continue;
    m.slices.forEach((sm, set) =>
      sm[metric].forEach((stat, group) => {
        if (stat.n < minWindows) return;
        const baseline = base.slices[set][metric][group].mean;
        rows.push({
          modelId: m.id,
          modelName: m.name,
          set,
          group,
          n: stat.n,
          model: stat.mean,
          baseline,
          gap: stat.mean - baseline,
        });
      }),
    );
  }
  return rows.sort((a, b) => a.gap - b.gap).slice(0, limit);
}
