import type * as Ort from 'onnxruntime-web';
import { CancelledError, DetailedError } from '../lib/worker-rpc';
import { batchSizeFor } from './backend';
import type { OrtFor } from './ort';
import type { Backend, ModelSignature } from './types';

type Session = Ort.InferenceSession;

/** Progress and cancellation as seen by a long call (the RPC's CallContext fits). */
export interface RunContext {
  progress?: (done: number, total: number) => void;
  readonly cancelled?: boolean;
}

/**
 * Calls `runBatch(start, count)` over [0, n) in slices of `batchSize`, checking for cancellation
 * between slices (a running session.run cannot be interrupted, so that is the finest grain).
 */
export async function runInBatches(
  n: number,
  batchSize: number,
  runBatch: (start: number, count: number) => Promise<void>,
  ctx: RunContext = {},
): Promise<void> {
  if (!Number.isInteger(n) || n < 0)
    throw new DetailedError('ShapeError', `n must be ≥ 0, got ${n}`);
  if (!(batchSize >= 1)) throw new DetailedError('ShapeError', `batch size must be ≥ 1`);
  for (let start = 0; start < n; start += batchSize) {
    if (ctx.cancelled) throw new CancelledError();
    const count = Math.min(batchSize, n - start);
    await runBatch(start, count);
    ctx.progress?.(start + count, n);
  }
}

/** The [K, D] of a call: fixed dims from the model, the rest inferred from the array length. */
export function resolveKD(
  sig: ModelSignature,
  length: number,
  n: number,
  k?: number,
): { k: number; d: number } {
  const perItem = n > 0 ? length / n : 0;
  const fail = (why: string): never => {
    const want = `[n, ${sig.k ?? 'K'}, ${sig.dim ?? 'D'}]`;
    throw new DetailedError('ShapeError', `expected contexts of shape ${want}: ${why}`);
  };
  if (n > 0 && !Number.isInteger(perItem)) fail(`${length} floats is not a multiple of n = ${n}`);
  const kk = sig.k ?? k ?? (sig.dim ? perItem / sig.dim : undefined);
  if (kk === undefined) return fail('K and D are both dynamic; pass opts.k');
  const dd = sig.dim ?? perItem / kk;
  if (n > 0 && (kk * dd !== perItem || !Number.isInteger(dd))) {
    fail(`got ${length} floats for n = ${n} (${perItem} per item, K·D = ${kk}·${dd})`);
  }
  if (k !== undefined && sig.k !== null && k !== sig.k)
    fail(`opts.k = ${k} but the model has K = ${sig.k}`);
  return { k: kk, d: dd };
}

/** Runs async jobs one at a time, in order, whatever their outcome. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export interface BatchOutput {
  prediction: Float32Array;
  attention?: Float32Array;
  /** attention dims after the batch dim */
  attentionTail?: number[];
}

/**
 * One model: a session per backend, created once on first use and reused. Calls go through a
 * queue, which the engine shares between all models: ORT-web's WebGPU backend runs one session at
 * a time ("Session already started"), and overlapping WASM runs share one heap.
 */
export class ModelSession {
  private sessions = new Map<Backend, Promise<Session>>();

  constructor(
    readonly ortFor: OrtFor,
    readonly signature: ModelSignature,
    private readonly create: (backend: Backend) => Promise<Session>,
    private readonly queue: SerialQueue = new SerialQueue(),
  ) {}

  /** Runs `fn` after every call queued before it, whatever their outcome. */
  enqueue<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run(fn);
  }

  /** The session for `backend`, created on first use; a failed creation is forgotten. */
  session(backend: Backend): Promise<Session> {
    let s = this.sessions.get(backend);
    if (!s) {
      s = this.create(backend);
      this.sessions.set(backend, s);
      s.catch(() => this.sessions.delete(backend));
    }
    return s;
  }

  /** Frees one backend's session (e.g. after its device was lost). */
  async drop(backend: Backend): Promise<void> {
    const s = this.sessions.get(backend);
    this.sessions.delete(backend);
    if (s) await s.then((x) => x.release()).catch(() => undefined);
  }

  /** Frees every session, one after another: ORT calls never overlap, releases included. */
  async release(): Promise<void> {
    for (const b of [...this.sessions.keys()]) await this.drop(b);
  }

  /** Fixed batch dimension of the file, if any (then every run must use exactly that many rows). */
  get fixedBatch(): number | null {
    return this.signature.input.shape[0];
  }

  /** One session.run on `count` windows of [k, d] (padded to a fixed batch if the file has one). */
  async runBatch(
    backend: Backend,
    data: Float32Array,
    count: number,
    k: number,
    d: number,
  ): Promise<BatchOutput> {
    const session = await this.session(backend);
    const rows = this.fixedBatch ?? count;
    let feed = data;
    if (rows !== count) {
      feed = new Float32Array(rows * k * d);
      feed.set(data.subarray(0, count * k * d));
    }
    const { input, prediction, attention } = this.signature;
    const tensor = new (this.ortFor(backend).Tensor)('float32', feed, [rows, k, d]);
    const fetches = [prediction.name, ...(attention ? [attention.name] : [])];
    const out = await session.run({ [input.name]: tensor }, fetches);
    try {
      const pred = out[prediction.name];
      const predData = pred.data as Float32Array;
      const result: BatchOutput = { prediction: predData.slice(0, count * d) };
      if (attention) {
        const att = out[attention.name];
        const tail = att.dims.slice(1);
        const per = tail.reduce((a, b) => a * b, 1);
        result.attention = (att.data as Float32Array).slice(0, count * per);
        result.attentionTail = [...tail];
      }
      return result;
    } finally {
      for (const t of Object.values(out)) t.dispose?.();
    }
  }

  /** Runs n windows through `backend` in batches, writing into freshly allocated outputs. */
  async predictOn(
    backend: Backend,
    contexts: Float32Array,
    n: number,
    k: number,
    d: number,
    ctx: RunContext = {},
  ): Promise<{ prediction: Float32Array; attention?: Float32Array; attentionShape?: number[] }> {
    const prediction = new Float32Array(n * d);
    let attention: Float32Array | undefined;
    let attentionShape: number[] | undefined;
    const batch = batchSizeFor(backend, this.fixedBatch);
    await runInBatches(
      n,
      batch,
      async (start, count) => {
        const slice = contexts.subarray(start * k * d, (start + count) * k * d);
        const out = await this.runBatch(backend, slice, count, k, d);
        prediction.set(out.prediction, start * d);
        if (out.attention && out.attentionTail) {
          const per = out.attentionTail.reduce((a, b) => a * b, 1);
          attention ??= new Float32Array(n * per);
          attentionShape ??= [n, ...out.attentionTail];
          attention.set(out.attention, start * per);
        }
      },
      ctx,
    );
    return { prediction, attention, attentionShape };
  }
}
