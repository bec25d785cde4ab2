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
import { bundlePredictor } from './resultsBundleRegistry';
import { modelLoadKey } from '../store/keys';
import { BASELINE_IDS } from '../metrics/baselines';
import { rowNorm } from '../metrics/cosine';
import { summarize } from '../metrics/hits';
import {
  baselinePredictor,
  evaluatePredictor,
  restrictEntries,
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

/** A loaded model as a Predictor running on the engine (a results bundle's: its stored predictions). */
export function modelPredictor(info: ModelInfo, workload: 'interactive' | 'bulk'): Predictor {
  if (info.source === 'bundle') return bundlePredictor(info);
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
  /** windows the entries cover (while running: the windows done so far) */
  n: number;
  entries: EvalEntry[];
  wallMs: number;
  /** set on a partial result: the split's windows, of which the first `n` are done */
  of?: number;
}

/** Windows per slab: a larger split is evaluated slab by slab, with metrics after each. */
export const EVAL_SLAB = 1000;

/** Windows [a, b) of a window set, as views (no copy). */
export function sliceWindows(w: WindowSet, a: number, b: number): WindowSet {
  const { k, dim } = w;
  return {
    k,
    dim,
    n: b - a,
    contexts: w.contexts.subarray(a * k * dim, b * k * dim),
    targets: w.targets.subarray(a * dim, b * dim),
    targetIndex: w.targetIndex.subarray(a, b),
    contextIndex: w.contextIndex.subarray(a * k, b * k),
  };
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

/** What evaluate() takes beside the dataset and the models. */
export interface EvaluateOptions {
  onProgress?: (fraction: number, label: string) => void;
  signal?: AbortSignal;
  /** recompute even what is cached (the cache is refreshed only when the run completes) */
  force?: boolean;
  /** metrics over the windows done so far, after each slab but the last */
  onPartial?: (partial: Evaluation) => void;
  /** windows per slab (default EVAL_SLAB) */
  slab?: number;
}

/**
 * Full evaluation of `models` plus the baselines on `dataset`; each entry is cached per dataset
 * object and model load, so re-running with one more model evaluates only that model.
 */
export async function evaluate(
  dataset: Dataset,
  models: ModelInfo[],
  opts: EvaluateOptions = {},
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
  const { n } = windows;
  const slab = Math.max(1, opts.slab ?? EVAL_SLAB);
  const cached = jobs.map((job) => (opts.force ? undefined : cache.get(job.key)));
  const parts = jobs.map(() => new SlabJoin(n, dataset.dim));
  const upTo = (b: number) =>
    jobs.map((_, i) => {
      const c = cached[i];
      if (!c) return parts[i].upTo(b);
      return b === n
        ? c
        : restrictEntries(
            [c],
            Array.from({ length: b }, (_, w) => w),
          )[0];
    });
  // Slab by slab (every predictor on windows [a, b), then the next), so that metrics over the
  // windows done so far can be shown while a large split runs.
  for (let a = 0; a < n || a === 0; a += slab) {
    const b = Math.min(n, a + slab);
    const part = a === 0 && b === n ? windows : sliceWindows(windows, a, b);
    for (const [i, job] of jobs.entries()) {
      opts.signal?.throwIfAborted();
      if (cached[i]) continue;
      parts[i].add(
        await evaluatePredictor(job.predictor, part, rank, {
          signal: opts.signal,
          onProgress: (f) =>
            opts.onProgress?.((a + ((i + f) / jobs.length) * (b - a)) / n, job.predictor.name),
        }),
      );
    }
    if (b < n)
      opts.onPartial?.({
        datasetId: dataset.id,
        k,
        n: b,
        of: n,
        entries: upTo(b),
        wallMs: performance.now() - t0,
      });
    if (b >= n) break;
  }
  const entries = upTo(n);
  jobs.forEach((job, i) => cached[i] || cache.set(job.key, entries[i]));
  opts.onProgress?.(1, 'done');
  return { datasetId: dataset.id, k, n, entries, wallMs: performance.now() - t0 };
}

/**
 * One predictor's slab entries gathered into arrays sized for all n windows once, so the entry over
 * the windows done so far is a set of views: re-joining every slab so far after each slab copied
 * O(n²/slab) floats and held the main thread ~0.35 s per slab at 16k windows (bench/README.md).
 */
export class SlabJoin {
  private first: EvalEntry | null = null;
  private prediction = new Float32Array(0);
  private cosines = new Float32Array(0);
  private ranks = new Int32Array(0);
  private ids = new Int32Array(0);
  private scores = new Float32Array(0);
  private done = 0;
  private predictMs = 0;
  private rankMs = 0;

  constructor(
    private readonly n: number,
    private readonly d: number,
  ) {}

  /** The next slab's entry (windows [done, done + its n)). */
  add(e: EvalEntry): void {
    const { n, d } = this;
    const k = e.top.k;
    if (!this.first) {
      this.first = e;
      this.prediction = new Float32Array(n * d);
      this.cosines = new Float32Array(n);
      this.ranks = new Int32Array(n);
      this.ids = new Int32Array(n * k);
      this.scores = new Float32Array(n * k);
    }
    const at = this.done;
    if (at + e.ranks.length > n) throw new Error(`slabs cover more than ${n} windows`);
    this.prediction.set(e.prediction, at * d);
    this.cosines.set(e.cosines, at);
    this.ranks.set(e.ranks, at);
    this.ids.set(e.top.ids, at * k);
    this.scores.set(e.top.scores, at * k);
    this.done += e.ranks.length;
    this.predictMs += e.predictMs;
    this.rankMs += e.rankMs;
  }

  /** The entry over windows [0, b): every slab added so far. */
  upTo(b: number): EvalEntry {
    const first = this.first;
    if (!first || b !== this.done) throw new Error(`slabs cover ${this.done} windows, not ${b}`);
    const { d } = this;
    const k = first.top.k;
    const cosines = this.cosines.subarray(0, b);
    const ranks = this.ranks.subarray(0, b);
    return {
      ...first,
      prediction: this.prediction.subarray(0, b * d),
      cosines,
      ranks,
      top: { ids: this.ids.subarray(0, b * k), scores: this.scores.subarray(0, b * k), k },
      summary: summarize(cosines, ranks),
      predictMs: this.predictMs,
      rankMs: this.rankMs,
    };
  }
}
