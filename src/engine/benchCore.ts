/**
 * The timing loop of the model benchmark, written against the part of the onnxruntime API that
 * onnxruntime-web and onnxruntime-node share, so the browser and the native baseline are measured
 * by the same code: create a session, then per batch size a few untimed runs and timed runs until
 * a time budget or a run count is reached.
 */

/** The slice of `InferenceSession` the loop uses (both onnxruntime-web and -node fit). */
export interface BenchSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { dispose?: () => void }>>;
  release(): Promise<void>;
}

/** The slice of an onnxruntime module the loop uses. */
export interface BenchOrt {
  InferenceSession: { create(bytes: Uint8Array, options?: object): Promise<unknown> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

export interface BenchPlan {
  batches: number[];
  /** untimed runs per batch size (the first compiles kernels and sizes buffers) */
  warmupRuns: number;
  /**
   * and untimed runs until this much time has passed: browsers first run WebAssembly as baseline
   * code and optimise hot functions in the background, so a few fast runs are not yet steady state
   */
  warmupMs: number;
  minRuns: number;
  maxRuns: number;
  /** stop timing a batch size once this much time was spent and minRuns were made */
  budgetMs: number;
}

export const DEFAULT_PLAN: BenchPlan = {
  batches: [1, 8, 32, 128, 256, 512],
  warmupRuns: 3,
  warmupMs: 500,
  minRuns: 10,
  maxRuns: 200,
  budgetMs: 1500,
};

export interface BatchTimes {
  batch: number;
  /** wall time of each timed session.run, ms */
  timesMs: number[];
}

export interface ModelBenchResult {
  /** InferenceSession.create on the file's bytes, ms */
  loadMs: number;
  batches: BatchTimes[];
}

export interface BenchHooks {
  now: () => number;
  /** checked between runs; throw from it to cancel */
  checkCancelled?: () => void;
  /** after each batch size */
  onBatch?: (done: number, total: number) => void;
}

/** Unit-norm pseudo-random windows: timing must not depend on zeros or denormals. */
export function benchInput(rows: number, k: number, d: number, seed = 1): Float32Array {
  const x = new Float32Array(rows * k * d);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < x.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = (s >>> 0) / 4294967296 - 0.5;
  }
  for (let v = 0; v < rows * k; v++) {
    let n = 0;
    for (let j = 0; j < d; j++) n += x[v * d + j] ** 2;
    const inv = 1 / Math.sqrt(n || 1);
    for (let j = 0; j < d; j++) x[v * d + j] *= inv;
  }
  return x;
}

/** Loads `bytes` into a session and times every batch size of `plan` on windows of [k, d]. */
export async function benchModel(
  ort: BenchOrt,
  bytes: Uint8Array,
  sessionOptions: object,
  shape: { k: number; d: number },
  plan: BenchPlan,
  hooks: BenchHooks,
): Promise<ModelBenchResult> {
  const t0 = hooks.now();
  const session = (await ort.InferenceSession.create(bytes, sessionOptions)) as BenchSession;
  const loadMs = hooks.now() - t0;
  const batches: BatchTimes[] = [];
  try {
    const input = session.inputNames[0];
    for (const [i, batch] of plan.batches.entries()) {
      const tensor = new ort.Tensor('float32', benchInput(batch, shape.k, shape.d, batch), [
        batch,
        shape.k,
        shape.d,
      ]);
      const once = async () => {
        hooks.checkCancelled?.();
        const out = await session.run({ [input]: tensor });
        for (const t of Object.values(out)) t.dispose?.();
      };
      const warmStart = hooks.now();
      for (let w = 0; w < plan.warmupRuns || hooks.now() - warmStart < plan.warmupMs; w++) {
        await once();
      }
      const timesMs: number[] = [];
      const start = hooks.now();
      while (
        timesMs.length < plan.maxRuns &&
        (timesMs.length < plan.minRuns || hooks.now() - start < plan.budgetMs)
      ) {
        const t = hooks.now();
        await once();
        timesMs.push(hooks.now() - t);
      }
      batches.push({ batch, timesMs });
      hooks.onBatch?.(i + 1, plan.batches.length);
    }
  } finally {
    await session.release();
  }
  return { loadMs, batches };
}
