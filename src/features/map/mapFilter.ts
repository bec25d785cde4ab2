/**
 * The Map's linked filters: topic, model, cosine range and a set of windows (a slice opened from
 * Analysis, or a selection) → the points drawn and the windows passed.
 */
import type { Dataset } from '../../data/types';
import { KIND, type MapPoints } from './mapData';

export interface MapFilter {
  /** article topic to keep; null keeps every topic */
  topic: string | null;
  /** predictor ids whose predictions are hidden */
  hiddenModels: string[];
  /** cosine of prediction to target, both ends inclusive */
  cosMin: number;
  cosMax: number;
  /** only these windows (e.g. the store's mapSelection: a slice or a box selection); null = all */
  windows: number[] | null;
}

export const NO_FILTER: MapFilter = {
  topic: null,
  hiddenModels: [],
  cosMin: -1,
  cosMax: 1,
  windows: null,
};

/** Whether `f` narrows anything (so "Apply to Compare" has something to apply). */
export function isFiltering(f: MapFilter): boolean {
  return (
    f.topic !== null ||
    f.hiddenModels.length > 0 ||
    f.cosMin > -1 ||
    f.cosMax < 1 ||
    f.windows !== null
  );
}

/** Topic of each point's article: a target or prediction by its window's target row, others by their own row. */
export function pointTopics(points: MapPoints, dataset: Dataset): string[] {
  const byId = new Map((dataset.articles ?? []).map((a) => [a.id, a.topic]));
  const ids = dataset.stream?.articleIds;
  return Array.from(points.kind, (_, i) => {
    const w = points.window[i];
    const row = w >= 0 ? points.row[w] : points.row[i];
    return (ids && row >= 0 && byId.get(ids[row])) || 'unknown';
  });
}

export interface FilterResult {
  /** 1 where point i is drawn */
  shown: Uint8Array;
  /** windows whose target passes, ascending */
  windows: number[];
}

/**
 * A prediction passes when its window's topic matches, its model is not hidden and its cosine lies
 * in [cosMin, cosMax]. A target (and so its window) passes when its topic matches and at least one
 * of its predictions passes; with every model hidden, on topic alone. With a window set, only its
 * windows' targets and predictions pass. Contexts and bank points follow the topic of their own
 * sentence.
 */
export function applyMapFilter(points: MapPoints, topics: string[], f: MapFilter): FilterResult {
  const shown = new Uint8Array(points.n);
  const hidden = new Set(f.hiddenModels);
  const modelShown = points.predictors.map((p) => !hidden.has(p.id));
  const anyModel = modelShown.some(Boolean);
  const inSet = f.windows ? new Uint8Array(points.windows) : null;
  for (const w of f.windows ?? []) if (w >= 0 && w < points.windows) inSet![w] = 1;
  const windowOk = (w: number) => !inSet || inSet[w] === 1;
  const topicOk = (i: number) => f.topic === null || topics[i] === f.topic;
  const predictionPassed = new Uint8Array(points.windows);
  // Cosines are stored as float32: compare against the float32 of each bound, or a typed 0.3 would
  // exclude a cosine of exactly 0.3 (float32 0.3 is 0.30000001).
  const lo = Math.fround(f.cosMin);
  const hi = Math.fround(f.cosMax);
  for (let i = 0; i < points.n; i++) {
    const kind = points.kind[i];
    if (kind === KIND.prediction) {
      const c = points.cosine[i];
      const ok = modelShown[points.predictor[i]] && topicOk(i) && windowOk(points.window[i]);
      if (ok && c >= lo && c <= hi) {
        shown[i] = 1;
        predictionPassed[points.window[i]] = 1;
      }
    } else if (kind !== KIND.target) shown[i] = topicOk(i) ? 1 : 0;
  }
  const windows: number[] = [];
  // Targets come first in the point order, so point w is window w's target.
  for (let w = 0; w < points.windows; w++)
    if (topicOk(w) && windowOk(w) && (!anyModel || predictionPassed[w])) {
      shown[w] = 1;
      windows.push(w);
    }
  return { shown, windows };
}
