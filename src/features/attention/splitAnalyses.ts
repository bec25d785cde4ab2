/**
 * Split-wide analyses of one predictor: attention, occlusion saliency, noise sweeps and rollouts.
 * The predictor is injected (the engine in the app, onnxruntime-web directly in tests); every pass is
 * one batched call per chunk of windows, never one call per window and position.
 */
import type { WindowSet } from '../../data/types';
import { cosineRows, normalizeRows } from '../../metrics/cosine';
import { spearmanRows } from '../../metrics/spearman';
import { headMean, toAttentionMaps, type AttentionMaps } from './attentionMath';
import { noisyCopies, occludeByMean, occludeByRemoval, saliency } from './edits';

export interface RunOptions {
  /** context length of this call (models with dynamic K get shorter windows on removal) */
  k?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface RunOutput {
  prediction: Float32Array;
  attention?: Float32Array;
  attentionShape?: number[];
}

/** Something that maps contexts [n, k, d] to predictions [n, d] (and maybe attention). */
export interface Analysable {
  id: string;
  name: string;
  kind: 'model' | 'baseline';
  /** the model accepts any K (occlusion by removal is then possible) */
  dynamicK: boolean;
  hasAttention: boolean;
  run(contexts: Float32Array, n: number, opts: RunOptions): Promise<RunOutput>;
}

export interface Progress {
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Windows per engine call: n * (K + 1) copies of [K, 384] floats stay around 20 MB. */
export const CHUNK = 512;

/** Evenly spaced indices into [0, n): at most `limit` of them (all when limit ≥ n). */
export function sampleIndices(n: number, limit: number): Int32Array {
  const m = Math.min(n, Math.max(0, limit));
  return Int32Array.from({ length: m }, (_, j) => Math.floor((j * n) / m));
}

/** Subsample a list of window indices the same way. */
export function sampleFrom(indices: Int32Array, limit: number): Int32Array {
  return sampleIndices(indices.length, limit).map((j) => indices[j]);
}

/** Windows `indices` of w gathered into contiguous contexts [m, k, d] and targets [m, d]. */
export function gather(
  w: WindowSet,
  indices: ArrayLike<number>,
): { contexts: Float32Array; targets: Float32Array } {
  const { k, dim: d } = w;
  const m = indices.length;
  const contexts = new Float32Array(m * k * d);
  const targets = new Float32Array(m * d);
  for (let j = 0; j < m; j++) {
    const i = indices[j];
    contexts.set(w.contexts.subarray(i * k * d, (i + 1) * k * d), j * k * d);
    targets.set(w.targets.subarray(i * d, (i + 1) * d), j * d);
  }
  return { contexts, targets };
}

/** Runs `step(start, count)` over [0, n) in chunks, mapping progress into 0..1 overall. */
async function chunked(
  n: number,
  step: (start: number, count: number, progress: (f: number) => void) => Promise<void>,
  opts: Progress,
  chunk = CHUNK,
): Promise<void> {
  for (let start = 0; start < n; start += chunk) {
    opts.signal?.throwIfAborted();
    const count = Math.min(chunk, n - start);
    await step(start, count, (f) => opts.onProgress?.((start + f * count) / n));
  }
  opts.onProgress?.(1);
}

/** Every repeated row of targets [n, d] `times` times: [n * times, d], row i*times+t = target i. */
function repeatRows(x: Float32Array, n: number, d: number, times: number): Float32Array {
  const out = new Float32Array(n * times * d);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < times; t++) out.set(x.subarray(i * d, (i + 1) * d), (i * times + t) * d);
  return out;
}

export interface SplitAnalysis {
  id: string;
  n: number;
  k: number;
  /** [n] cosine of the unedited prediction to the target */
  cosine: Float32Array;
  /** attention as [n, heads, k], when the model outputs it */
  attention?: AttentionMaps;
  /** [n, k] drop in cosine when position a is replaced by the mean of the others */
  occlusion: Float32Array;
  /** [n, k] drop in cosine when position a is removed (dynamic-K models only) */
  removal?: Float32Array;
  /** [n] Spearman of head-mean attention vs occlusion per window (attention models only) */
  spearman?: Float64Array;
}

/**
 * Attention and occlusion saliency of one predictor on windows [n, k, d]: per chunk one call on the
 * chunk's windows followed by their n * k occluded copies, and one more on the removed copies.
 */
export async function analyse(
  m: Analysable,
  contexts: Float32Array,
  targets: Float32Array,
  n: number,
  k: number,
  d: number,
  opts: Progress & { removal?: boolean } = {},
): Promise<SplitAnalysis> {
  const removal = !!opts.removal && m.dynamicK && k >= 2;
  const cosine = new Float32Array(n);
  const occlusion = new Float32Array(n * k);
  const removed = removal ? new Float32Array(n * k) : undefined;
  let att: Float32Array | undefined;
  let attShape: number[] | undefined;
  await chunked(
    n,
    async (start, count, progress) => {
      const ctx = contexts.subarray(start * k * d, (start + count) * k * d);
      const tgt = targets.subarray(start * d, (start + count) * d);
      const batch = new Float32Array(count * (k + 1) * k * d);
      batch.set(ctx);
      batch.set(occludeByMean(ctx, count, k, d), count * k * d);
      const parts = removal ? 2 : 1;
      const out = await m.run(batch, count * (k + 1), {
        k,
        signal: opts.signal,
        onProgress: (done, total) => progress(done / total / parts),
      });
      const base = cosineRows(out.prediction.subarray(0, count * d), tgt, count, d);
      const occ = cosineRows(
        out.prediction.subarray(count * d),
        repeatRows(tgt, count, d, k),
        count * k,
        d,
      );
      cosine.set(base, start);
      occlusion.set(saliency(base, occ, count, k), start * k);
      if (out.attention && out.attentionShape) {
        const per = out.attentionShape.slice(1).reduce((a, b) => a * b, 1);
        attShape ??= [n, ...out.attentionShape.slice(1)];
        att ??= new Float32Array(n * per);
        att.set(out.attention.subarray(0, count * per), start * per);
      }
      if (removed) {
        const cut = await m.run(occludeByRemoval(ctx, count, k, d), count * k, {
          k: k - 1,
          signal: opts.signal,
          onProgress: (done, total) => progress(0.5 + done / total / 2),
        });
        const rc = cosineRows(cut.prediction, repeatRows(tgt, count, d, k), count * k, d);
        removed.set(saliency(base, rc, count, k), start * k);
      }
    },
    opts,
  );
  const attention = att && attShape ? toAttentionMaps(att, attShape) : undefined;
  const spearman = attention ? spearmanRows(headMean(attention), occlusion, n, k) : undefined;
  return { id: m.id, n, k, cosine, attention, occlusion, removal: removed, spearman };
}

/**
 * Cosine to the target for every window at every noise size: [sizes.length, n]. One call per chunk
 * holding all sizes' noisy copies.
 */
export async function noiseSweep(
  m: Analysable,
  contexts: Float32Array,
  targets: Float32Array,
  n: number,
  k: number,
  d: number,
  sizes: readonly number[],
  opts: Progress & { seed?: number } = {},
): Promise<Float32Array[]> {
  const out = sizes.map(() => new Float32Array(n));
  const chunk = Math.max(1, Math.floor(CHUNK / Math.max(1, sizes.length / 2)));
  await chunked(
    n,
    async (start, count, progress) => {
      const ctx = contexts.subarray(start * k * d, (start + count) * k * d);
      const tgt = targets.subarray(start * d, (start + count) * d);
      // the seed depends on the chunk, not the model, so every model sees the same noise
      const batch = noisyCopies(ctx, count, k, d, sizes, (opts.seed ?? 1) + start);
      const r = await m.run(batch, sizes.length * count, {
        k,
        signal: opts.signal,
        onProgress: (done, total) => progress(done / total),
      });
      sizes.forEach((_, s) => {
        const pred = r.prediction.subarray(s * count * d, (s + 1) * count * d);
        out[s].set(cosineRows(pred, tgt, count, d), start);
      });
    },
    opts,
    chunk,
  );
  return out;
}

/** Windows whose next `steps` - 1 windows continue the same article (true futures for a rollout). */
export function rolloutWindows(w: WindowSet, steps: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i + steps - 1 < w.n; i++) {
    const t = w.targetIndex[i];
    if (t < 0) continue;
    let ok = true;
    // windows are cut in stream order, so the same article's next target sits in the next window
    for (let s = 1; s < steps && ok; s++) ok = w.targetIndex[i + s] === t + s;
    if (ok) out.push(i);
  }
  return Int32Array.from(out);
}

/** The true future vectors [m, steps, d] of rollout windows (targets of windows i .. i + steps - 1). */
export function futureTargets(
  w: WindowSet,
  indices: ArrayLike<number>,
  steps: number,
): Float32Array {
  const d = w.dim;
  const out = new Float32Array(indices.length * steps * d);
  for (let j = 0; j < indices.length; j++)
    for (let s = 0; s < steps; s++)
      out.set(
        w.targets.subarray((indices[j] + s) * d, (indices[j] + s + 1) * d),
        (j * steps + s) * d,
      );
  return out;
}

/**
 * Multi-step rollout: predict, append the (unit) prediction as the newest context vector, drop the
 * oldest, repeat. Returns cosines [steps][m] to the true future vectors [m, steps, d].
 */
export async function rollout(
  m: Analysable,
  contexts: Float32Array,
  futures: Float32Array,
  count: number,
  k: number,
  d: number,
  steps: number,
  opts: Progress = {},
): Promise<Float32Array[]> {
  let ctx = contexts.slice(0, count * k * d);
  const out: Float32Array[] = [];
  const truth = new Float32Array(count * d);
  for (let s = 0; s < steps; s++) {
    opts.signal?.throwIfAborted();
    const r = await m.run(ctx, count, {
      k,
      signal: opts.signal,
      onProgress: (done, total) => opts.onProgress?.((s + done / total) / steps),
    });
    for (let i = 0; i < count; i++)
      truth.set(futures.subarray((i * steps + s) * d, (i * steps + s + 1) * d), i * d);
    out.push(cosineRows(r.prediction, truth, count, d));
    const pred = normalizeRows(r.prediction, count, d);
    const next = new Float32Array(count * k * d);
    for (let i = 0; i < count; i++) {
      next.set(ctx.subarray((i * k + 1) * d, (i + 1) * k * d), i * k * d);
      next.set(pred.subarray(i * d, (i + 1) * d), ((i + 1) * k - 1) * d);
    }
    ctx = next;
  }
  opts.onProgress?.(1);
  return out;
}
