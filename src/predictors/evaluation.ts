/**
 * App wiring of the evaluation: engine models and baselines as predictors, the retrieval worker as
 * the rank function, windows cut once per dataset and K, results cached per dataset and model load.
 */
import type { Dataset, WindowSet } from '../data/types';
import { cutWindows } from '../data/windows';
import { loadTrainMean } from '../data/demo';
import { engine } from '../engine/client';
import { bankRef, searchBank, type SearchResult } from '../engine/retrieval';
import type { ModelInfo } from '../engine/types';
import { compatible, contextLength } from './compatibility';
import { modelLoadKey } from '../jobs/keys';
import { BASELINE_IDS } from '../metrics/baselines';
import { rowNorm } from '../metrics/cosine';
import {
  baselinePredictor,
  evaluatePredictor,
  type EvalEntry,
  type Predictor,
  type RankFn,
  type TopNeighbours,
} from '../metrics/evaluate';

/** Windows of `dataset` for context length k (cut once; cutWindows caches them). */
export function windowsFor(dataset: Dataset, k: number): WindowSet {
  return cutWindows(dataset, k);
}

/** Neighbours kept per window by the evaluation (for the per-window exports). */
export const EVAL_TOP = 10;

/**
 * Ranks and the top EVAL_TOP neighbours through the retrieval worker. Top 10 costs the kernel no
 * more than top 1: the bank matmul dominates, TopK over it is the same pass.
 */
export function rankWith(dataset: Dataset): RankFn {
  return async (queries, w, opts) => {
    const res = await searchBank(
      bankRef(dataset),
      {
        queries,
        n: w.n,
        targetIndex: w.targetIndex,
        contextIndex: w.contextIndex,
        k: w.k,
        top: EVAL_TOP,
        targets: w.targets,
      },
      opts,
    );
    return { ranks: res.ranks, neighbours: cosineNeighbours(res, queries, w.dim) };
  };
}

/**
 * The search's neighbours with cosine scores: the kernel scores dot products with the raw
 * prediction against unit bank rows, so each row is divided by its prediction's norm.
 */
export function cosineNeighbours(
  res: SearchResult,
  queries: Float32Array,
  d: number,
): TopNeighbours {
  const { n, top: k } = res;
  const scores = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const norm = rowNorm(queries, i, d) || 1;
    for (let t = 0; t < k; t++) scores[i * k + t] = res.topScores[i * k + t] / norm;
  }
  return { ids: res.topIndices, scores, k };
}

/** A loaded model as a Predictor running on the engine. */
export function modelPredictor(info: ModelInfo, workload: 'interactive' | 'bulk'): Predictor {
  return {
    id: info.id,
    name: info.name,
    kind: 'model',
    async predict(contexts, n, opts) {
      const r = await engine.predict(info.id, contexts, n, { workload, ...opts });
      return { prediction: r.prediction, wallMs: r.wallMs, backend: r.backend };
    },
  };
}

let trainMean: Promise<Float32Array | null> | null = null;
/** The train-mean vector, or null when it cannot be loaded (the global-mean baseline is then skipped). */
export function getTrainMean(): Promise<Float32Array | null> {
  const p = (trainMean ??= loadTrainMean().catch(() => {
    trainMean = null;
    return null;
  }));
  return p;
}

/** Baselines that can run for dimension d. */
export async function baselinePredictors(k: number, d: number): Promise<Predictor[]> {
  const mean = await getTrainMean();
  return BASELINE_IDS.filter((id) => id !== 'global_mean' || (mean && mean.length === d)).map(
    (id) => baselinePredictor(id, k, d, mean),
  );
}

export interface Evaluation {
  datasetId: string;
  k: number;
  n: number;
  entries: EvalEntry[];
  wallMs: number;
}

const resultCache = new WeakMap<Dataset, Map<string, EvalEntry>>();
const identity = (m: ModelInfo) => `${modelLoadKey(m)}:${m.source}`;

const modelKey = (m: ModelInfo, k: number) => `${identity(m)}:k${k}`;

/** Whether every model entry of this evaluation is already cached. */
export function isCached(dataset: Dataset, models: ModelInfo[]): boolean {
  const cache = resultCache.get(dataset);
  const k = contextLength(models, dataset);
  return !!cache && compatible(models, dataset.dim, k).every((m) => cache.has(modelKey(m, k)));
}

/**
 * Full evaluation of `models` plus the baselines on `dataset`; each entry is cached per dataset
 * object and model load, so re-running with one more model evaluates only that model.
 */
export async function evaluate(
  dataset: Dataset,
  models: ModelInfo[],
  opts: {
    onProgress?: (fraction: number, label: string) => void;
    signal?: AbortSignal;
    /** recompute even what is cached (the cache is refreshed only when the run completes) */
    force?: boolean;
  } = {},
): Promise<Evaluation> {
  const t0 = performance.now();
  const k = contextLength(models, dataset);
  const windows = windowsFor(dataset, k);
  let cache = resultCache.get(dataset);
  if (!cache) resultCache.set(dataset, (cache = new Map()));
  const jobs: { key: string; predictor: Predictor }[] = [
    ...compatible(models, dataset.dim, k).map((m) => ({
      key: modelKey(m, k),
      predictor: modelPredictor(m, 'bulk'),
    })),
    ...(await baselinePredictors(k, dataset.dim)).map((p) => ({
      key: `baseline:${p.id}:${k}`,
      predictor: p,
    })),
  ];
  const rank = rankWith(dataset);
  const entries: EvalEntry[] = [];
  for (const [i, job] of jobs.entries()) {
    opts.signal?.throwIfAborted();
    let entry = opts.force ? undefined : cache.get(job.key);
    if (!entry) {
      entry = await evaluatePredictor(job.predictor, windows, rank, {
        signal: opts.signal,
        onProgress: (f) => opts.onProgress?.((i + f) / jobs.length, job.predictor.name),
      });
      if (!opts.force) cache.set(job.key, entry);
    }
    entries.push(entry);
  }
  if (opts.force) jobs.forEach((job, i) => cache.set(job.key, entries[i]));
  opts.onProgress?.(1, 'done');
  return { datasetId: dataset.id, k, n: windows.n, entries, wallMs: performance.now() - t0 };
}
