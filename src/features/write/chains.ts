/**
 * Text in, text out: sentence splitting, and chains of next-sentence predictions. Each predictor
 * reads the last K vectors of (the user's sentences + its own picks so far), its prediction is
 * decoded to the nearest bank sentences, and "continue" appends the top one and predicts again.
 * Predictors and the bank search are injected, so this runs in tests without workers.
 */
import { rowNorm } from '../../metrics/cosine';
import type { Predictor } from '../../metrics/evaluate';

/** Hits shown per step. */
export const TOP = 3;

/** Sentences of `text` (Intl.Segmenter), trimmed, empty ones dropped. */
export function splitSentences(text: string, locale = 'en'): string[] {
  const seg = new Intl.Segmenter(locale, { granularity: 'sentence' });
  return [...seg.segment(text)].map((s) => s.segment.trim()).filter((s) => s.length > 0);
}

export interface Hit {
  index: number;
  score: number;
}

export interface ChainStep {
  /** nearest bank sentences to the prediction, best first; hits[0] is what "continue" appends */
  hits: Hit[];
  /** [dim] the prediction the hits were decoded from */
  prediction: Float32Array;
  /** the round trip of hits[0] (docs/metrics.md), once its text has been re-embedded */
  roundTrip?: StepRoundTrip;
}

export interface StepRoundTrip {
  /** cos(prediction, re-embedded text of hits[0]) */
  predVsReembedded: number;
  /** 1 − cos(prediction, hits[0]): how far the prediction is from the nearest real sentence */
  manifoldDistance: number;
}

export interface Column {
  predictor: Predictor;
  /** context length this predictor reads */
  k: number;
}

export interface Chain {
  id: string;
  name: string;
  kind: 'model' | 'baseline';
  k: number;
  steps: ChainStep[];
  error?: string;
}

export interface ChainDeps {
  dim: number;
  /** unit vector of bank row `index` */
  bankVector(index: number): Float32Array;
  /** top `top` bank rows for each query [n, dim], best first, scores = dot products */
  search(
    queries: Float32Array,
    n: number,
    top: number,
    signal?: AbortSignal,
  ): Promise<{ indices: Int32Array; scores: Float32Array }>;
}

export interface UserText {
  /** unit vectors [n, dim] of the user's sentences, in order */
  vectors: Float32Array;
  n: number;
  /** bank rows never offered as a continuation (the user's own current sentences) */
  exclude: number[];
}

/** The context [1, k, dim]: the last k of the user's vectors followed by the chain's picks. */
export function contextFor(user: UserText, chain: Chain, deps: ChainDeps): Float32Array | null {
  const d = deps.dim;
  const picks = chain.steps.map((s) => s.hits[0]?.index).filter((i) => i !== undefined);
  const total = user.n + picks.length;
  if (total < chain.k) return null;
  const out = new Float32Array(chain.k * d);
  for (let j = 0; j < chain.k; j++) {
    const pos = total - chain.k + j;
    out.set(
      pos < user.n
        ? user.vectors.subarray(pos * d, (pos + 1) * d)
        : deps.bankVector(picks[pos - user.n]),
      j * d,
    );
  }
  return out;
}

/** Empty chains, one per column. */
export function startChains(columns: Column[]): Chain[] {
  return columns.map(({ predictor: p, k }) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    k,
    steps: [],
  }));
}

/**
 * Adds `steps` steps to every chain (one batched bank search per step). A predictor that fails keeps
 * its chain with `error` set; the others go on. Earlier picks and `user.exclude` never come back.
 */
export async function extendChains(
  chains: Chain[],
  columns: Column[],
  user: UserText,
  deps: ChainDeps,
  steps: number,
  opts: { signal?: AbortSignal; onStep?: (done: number, chains: Chain[]) => void } = {},
): Promise<Chain[]> {
  const d = deps.dim;
  let current = chains;
  for (let step = 0; step < steps; step++) {
    opts.signal?.throwIfAborted();
    const live = current
      .map((c, j) => ({ c, j, ctx: c.error ? null : contextFor(user, c, deps) }))
      .filter((x): x is { c: Chain; j: number; ctx: Float32Array } => x.ctx !== null);
    const outs = await Promise.allSettled(
      live.map(({ j, ctx }) => columns[j].predictor.predict(ctx, 1, { signal: opts.signal })),
    );
    opts.signal?.throwIfAborted();
    const ok = live.flatMap((x, i) => {
      const o = outs[i];
      return o.status === 'fulfilled'
        ? [{ ...x, prediction: o.value.prediction.subarray(0, d) }]
        : [];
    });
    const banned = ok.map(
      ({ c }) => new Set([...user.exclude, ...c.steps.map((s) => s.hits[0]?.index)]),
    );
    const top = TOP + Math.max(0, ...banned.map((b) => b.size));
    const queries = new Float32Array(ok.length * d);
    ok.forEach((x, i) => queries.set(x.prediction, i * d));
    const found = ok.length ? await deps.search(queries, ok.length, top, opts.signal) : null;
    const next = current.slice();
    live.forEach(({ c, j }, i) => {
      const o = outs[i];
      if (o.status === 'rejected')
        next[j] = { ...c, error: (o.reason as Error)?.message ?? String(o.reason) };
    });
    ok.forEach(({ c, j, prediction }, i) => {
      const norm = rowNorm(queries, i, d) || 1;
      const hits: Hit[] = [];
      const width = found!.indices.length / ok.length;
      for (let t = 0; t < width && hits.length < TOP; t++) {
        const index = found!.indices[i * width + t];
        if (index >= 0 && !banned[i].has(index))
          hits.push({ index, score: found!.scores[i * width + t] / norm });
      }
      next[j] = { ...c, steps: [...c.steps, { hits, prediction: prediction.slice() }] };
    });
    current = next;
    opts.onStep?.(step + 1, current);
  }
  return current;
}
