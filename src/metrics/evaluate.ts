/**
 * Scores predictors on a window set: per-window cosine and target rank, then split summaries.
 * Predictors and the bank search are injected, so the same code runs in the app (engine + retrieval
 * workers) and in Node tests (onnxruntime-web directly).
 */
import type { WindowSet } from '../data/types';
import { BASELINE_NAMES, baselinePredict, type BaselineId } from './baselines';
import { cosineRows } from './cosine';
import { summarize, type MetricSummary } from './hits';

export interface PredictorOutput {
  prediction: Float32Array;
  wallMs: number;
  backend: string;
}

export interface Predictor {
  id: string;
  name: string;
  kind: 'model' | 'baseline';
  predict(
    contexts: Float32Array,
    n: number,
    opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
  ): Promise<PredictorOutput>;
}

/** Each window's nearest non-excluded bank entries, best first (docs/metrics.md, "top-k"). */
export interface TopNeighbours {
  /** [n, k] bank indices */
  ids: Int32Array;
  /** [n, k] cosine(prediction, bank entry) */
  scores: Float32Array;
  /** neighbours per window; 0 when the rank function returned none */
  k: number;
}

export interface RankOutput {
  ranks: Int32Array;
  /** named apart from SearchResult's `top` (a count), so a search result still is a RankOutput */
  neighbours?: TopNeighbours;
}

/** Ranks (and optionally top-k neighbours) of each window's target for predictions [n, d] (see src/metrics/rank.ts). */
export type RankFn = (
  predictions: Float32Array,
  windows: WindowSet,
  opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
) => Promise<RankOutput>;

export interface EvalEntry {
  id: string;
  name: string;
  kind: 'model' | 'baseline';
  /** [n, d] the predictions every figure below was computed from */
  prediction: Float32Array;
  /** [n] cosine(normalize(prediction), target) */
  cosines: Float32Array;
  /** [n] target rank */
  ranks: Int32Array;
  /** each window's nearest bank entries (k = 0 when the rank function gave none) */
  top: TopNeighbours;
  summary: MetricSummary;
  backend: string;
  predictMs: number;
  rankMs: number;
}

export interface EvaluateOptions {
  /** overall progress 0..1 */
  onProgress?: (fraction: number, label: string) => void;
  signal?: AbortSignal;
}

const NO_NEIGHBOURS: TopNeighbours = { ids: new Int32Array(0), scores: new Float32Array(0), k: 0 };

/** Evaluate one predictor on every window. */
export async function evaluatePredictor(
  predictor: Predictor,
  windows: WindowSet,
  rank: RankFn,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<EvalEntry> {
  const { n, dim } = windows;
  const t0 = performance.now();
  const out = await predictor.predict(windows.contexts, n, {
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.((0.5 * done) / Math.max(total, 1)),
  });
  const predictMs = performance.now() - t0;
  if (out.prediction.length !== n * dim)
    throw new Error(`${predictor.name} returned ${out.prediction.length} values, not ${n}x${dim}`);
  const cosines = cosineRows(out.prediction, windows.targets, n, dim);
  const t1 = performance.now();
  const { ranks, neighbours } = await rank(out.prediction, windows, {
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.(0.5 + (0.5 * done) / Math.max(total, 1)),
  });
  return {
    id: predictor.id,
    name: predictor.name,
    kind: predictor.kind,
    prediction: out.prediction,
    cosines,
    ranks,
    top: neighbours ?? NO_NEIGHBOURS,
    summary: summarize(cosines, ranks),
    backend: out.backend,
    predictMs,
    rankMs: performance.now() - t1,
  };
}

/** Evaluate predictors one after another, reporting overall progress. */
export async function evaluatePredictors(
  predictors: Predictor[],
  windows: WindowSet,
  rank: RankFn,
  opts: EvaluateOptions = {},
): Promise<EvalEntry[]> {
  const out: EvalEntry[] = [];
  for (const [i, p] of predictors.entries()) {
    opts.signal?.throwIfAborted();
    out.push(
      await evaluatePredictor(p, windows, rank, {
        signal: opts.signal,
        onProgress: (f) => opts.onProgress?.((i + f) / predictors.length, p.name),
      }),
    );
  }
  opts.onProgress?.(1, 'done');
  return out;
}

/** A baseline as a Predictor (instant, on the main thread). */
export function baselinePredictor(
  id: BaselineId,
  k: number,
  d: number,
  trainMean: Float32Array | null,
): Predictor {
  return {
    id,
    name: BASELINE_NAMES[id],
    kind: 'baseline',
    async predict(contexts, n) {
      const t0 = performance.now();
      const prediction = baselinePredict(id, contexts, n, k, d, trainMean);
      return { prediction, wallMs: performance.now() - t0, backend: 'js' };
    },
  };
}

/** The same entries restricted to some windows (e.g. a map selection), summaries recomputed. */
export function restrictEntries(entries: EvalEntry[], windows: number[]): EvalEntry[] {
  return entries.map((e) => {
    const keep = windows.filter((i) => i >= 0 && i < e.ranks.length);
    const cosines = Float32Array.from(keep, (i) => e.cosines[i]);
    const ranks = Int32Array.from(keep, (i) => e.ranks[i]);
    const d = e.ranks.length ? e.prediction.length / e.ranks.length : 0;
    const { k } = e.top;
    return {
      ...e,
      prediction: gatherRows(e.prediction, keep, d, Float32Array),
      cosines,
      ranks,
      top: {
        ids: gatherRows(e.top.ids, keep, k, Int32Array),
        scores: gatherRows(e.top.scores, keep, k, Float32Array),
        k,
      },
      summary: summarize(cosines, ranks),
    };
  });
}

/** Rows `rows` of a row-major [*, width] array, in that order. */
function gatherRows<T extends Float32Array | Int32Array>(
  src: T,
  rows: number[],
  width: number,
  Ctor: new (length: number) => T,
): T {
  const out = new Ctor(rows.length * width);
  rows.forEach((r, i) => out.set(src.subarray(r * width, (r + 1) * width), i * width));
  return out;
}
