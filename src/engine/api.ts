import type * as Ort from 'onnxruntime-web';
import type { CallContext } from '../lib/worker-rpc';
import { DetailedError } from '../lib/worker-rpc';
import {
  batchSizeFor,
  chooseBackend,
  fallbackNotice,
  probeBackends,
  withFallback,
  type NavigatorLike,
  type Warmup,
} from './backend';
import type { OrtFor } from './ort';
import { ModelSession, resolveKD, SerialQueue } from './session';
import { sessionOptions } from './sessionOptions';
import { describeLoadError, detectSignature, type RawValueMetadata } from './signature';
import type {
  Backend,
  BackendAvailability,
  BackendPreference,
  ModelInfo,
  ModelSpec,
  PredictResult,
  Workload,
} from './types';

interface GpuDeviceLike {
  lost: Promise<{ message: string }>;
  destroy(): void;
}

/**
 * Test hook: `?forceWebgpuFailure=1` (or `init`) makes every WebGPU session creation throw;
 * `?forceWebgpuFailure=run` lets models load and warm up on WebGPU, then makes every predict run
 * there throw, as a device lost mid-run would.
 */
export type ForcedFailure = 'init' | 'run' | null;

export interface EngineOptions {
  forceWebgpuFailure?: ForcedFailure;
}

/** Options that cross the worker boundary with a predict call (no callbacks, no signals). */
export interface WirePredictOptions {
  workload?: Workload;
  backend?: Backend;
  k?: number;
}

/** A model's state changes the UI should mirror (after a fallback or a preference change). */
export type ModelPatch = Pick<ModelInfo, 'id' | 'backend' | 'backends' | 'usable' | 'notice'>;

interface LoadedModel {
  info: ModelInfo;
  session: ModelSession;
  warmup: Warmup;
}

const WARMUP_BULK = 64;

function now(): number {
  return performance.now();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Deterministic filler so warm-up runs see realistic (non-zero) values. */
function filler(length: number): Float32Array {
  const a = new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = Math.sin(i * 12.9898) * 0.1;
  return a;
}

/** The engine's worker-side API; `ortFor` and `nav` are injected so Node tests can drive it. */
export function createEngineApi(ortFor: OrtFor, nav: NavigatorLike | undefined) {
  const models = new Map<string, LoadedModel>();
  // Every ORT call (session creation, warm-up, run, release) goes through this one queue.
  const queue = new SerialQueue();
  let options: EngineOptions = {};
  let preference: BackendPreference = 'auto';
  let availability: Promise<BackendAvailability> | null = null;
  let deviceLost: string | null = null;
  let watchingDevice = false;
  let lostHandled: Promise<void> | null = null;

  const probe = () =>
    (availability ??= probeBackends(nav, {
      threads: ortFor('wasm').env.wasm.numThreads ?? 1,
      crossOriginIsolated: typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated,
    }));

  function watchDevice(): void {
    if (watchingDevice) return;
    watchingDevice = true;
    // After the first WebGPU session exists, ORT's device is ours to watch; a loss moves every
    // model to WASM (JSEP cannot recreate its device within this WASM instance).
    lostHandled = Promise.resolve(ortFor('webgpu').env.webgpu.device)
      .then((device) => (device as unknown as GpuDeviceLike).lost)
      .then((info) => {
        deviceLost = info?.message || 'device lost';
        for (const m of models.values()) {
          markUnusable(m, 'webgpu', fallbackNotice('webgpu', `device lost: ${deviceLost}`));
          void queue.run(() => m.session.drop('webgpu'));
        }
      })
      .catch(() => undefined);
  }

  async function createSession(bytes: Uint8Array, backend: Backend): Promise<Ort.InferenceSession> {
    if (backend === 'webgpu' && options.forceWebgpuFailure === 'init') {
      throw new Error('forced by the test hook forceWebgpuFailure');
    }
    if (backend === 'webgpu' && deviceLost) throw new Error(`device lost: ${deviceLost}`);
    const session = await ortFor(backend).InferenceSession.create(bytes, sessionOptions(backend));
    if (backend === 'webgpu') watchDevice();
    return session;
  }

  function markUnusable(m: LoadedModel, backend: Backend, notice: string): void {
    m.info.usable = (m.info.usable ?? ['wasm']).filter((b) => b !== backend);
    m.info.notice = notice;
    delete m.warmup[backend];
    rechoose(m);
  }

  function rechoose(m: LoadedModel): void {
    const usable = m.info.usable ?? ['wasm'];
    m.info.backends = {
      interactive: chooseBackend(preference, 'interactive', usable, m.warmup).backend,
      bulk: chooseBackend(preference, 'bulk', usable, m.warmup).backend,
    };
  }

  function patch(m: LoadedModel): ModelPatch {
    const { id, backend, backends, usable, notice } = m.info;
    return { id, backend, backends, usable, ...(notice ? { notice } : {}) };
  }

  /** Times batch-1 runs and one bulk batch; the first run of each shape is untimed. */
  async function warmUp(m: LoadedModel, backend: Backend): Promise<void> {
    const { k, dim } = m.info.signature;
    if (k === null || dim === null) return; // no honest input to time with
    const one = filler(k * dim);
    await m.session.runBatch(backend, one, 1, k, dim); // first run compiles kernels; not timed
    const single: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = now();
      await m.session.runBatch(backend, one, 1, k, dim);
      single.push(now() - t);
    }
    const rows = Math.min(WARMUP_BULK, batchSizeFor(backend, m.session.fixedBatch));
    const many = filler(rows * k * dim);
    await m.session.runBatch(backend, many, rows, k, dim);
    const t = now();
    await m.session.runBatch(backend, many, rows, k, dim);
    m.warmup[backend] = {
      interactiveMs: median(single),
      bulkMsPerItem: (now() - t) / rows,
      bulkBatch: rows,
    };
  }

  /** Throws where a WebGPU run must not happen: the run test hook, or a device already lost. */
  function checkRun(backend: Backend): void {
    if (backend !== 'webgpu') return;
    if (options.forceWebgpuFailure === 'run') {
      throw new Error('device lost (forced by the test hook forceWebgpuFailure=run)');
    }
    if (deviceLost) throw new Error(`device lost: ${deviceLost}`);
  }

  /** Creates the model's sessions, reads its signature, warms up each backend, picks backends. */
  async function load(spec: ModelSpec, ctx: CallContext): Promise<ModelInfo> {
    const t0 = now();
    const bytes = new Uint8Array(spec.bytes);
    const avail = await probe();
    let wasmSession: Ort.InferenceSession;
    try {
      wasmSession = await createSession(bytes, 'wasm');
    } catch (e) {
      throw describeLoadError(spec.name, e);
    }
    let signature;
    try {
      signature = detectSignature(
        spec.name,
        wasmSession.inputMetadata as readonly RawValueMetadata[],
        wasmSession.outputMetadata as readonly RawValueMetadata[],
      );
    } catch (e) {
      await wasmSession.release();
      throw e;
    }
    ctx.progress(1, 3);
    let adopted = false;
    const session = new ModelSession(
      ortFor,
      signature,
      (b) => {
        if (b !== 'wasm' || adopted) return createSession(bytes, b);
        adopted = true;
        return Promise.resolve(wasmSession);
      },
      queue,
    );
    await session.session('wasm');
    const m: LoadedModel = {
      session,
      warmup: {},
      info: {
        id: spec.id,
        name: spec.name,
        architecture: spec.architecture ?? 'unknown',
        params: spec.params ?? null,
        bytes: spec.bytes.byteLength,
        source: spec.source,
        signature,
        backend: 'wasm',
        loadMs: 0,
        usable: ['wasm'],
      },
    };
    await warmUp(m, 'wasm');
    const notices: string[] = [];
    const candidates: Backend[] = [];
    if (avail.webgpu.available && !deviceLost) candidates.push('webgpu');
    if (avail.webnn.available) candidates.push('webnn');
    for (const b of candidates) {
      try {
        await session.session(b);
        if (b === 'webgpu' && deviceLost) throw new Error(`device lost: ${deviceLost}`);
        // A software adapter emulates the GPU on the CPU: compiling and timing its kernels costs
        // seconds per model and it never beats native WASM, so there the session is only created
        // (which still checks that every node runs on WebGPU) and auto mode does not pick it.
        if (!(b === 'webgpu' && avail.webgpu.adapter?.software)) await warmUp(m, b);
        m.info.usable!.push(b);
      } catch (e) {
        await session.drop(b);
        // WebNN is optional; only report it when the user asked for it.
        if (b === 'webgpu' || preference === 'webnn') notices.push(fallbackNotice(b, e));
      }
    }
    ctx.progress(2, 3);
    rechoose(m);
    // Keep only the sessions a workload will use; others are recreated on demand.
    for (const b of ['webgpu', 'webnn'] as const) {
      if (!Object.values(m.info.backends!).includes(b)) await session.drop(b);
    }
    m.info.backend = m.info.backends!.interactive;
    m.info.warmup = { ...m.warmup };
    if (notices.length) m.info.notice = notices.join('; ');
    m.info.loadMs = now() - t0;
    const old = models.get(spec.id);
    models.set(spec.id, m);
    await old?.session.release();
    ctx.progress(3, 3);
    return { ...m.info };
  }

  return {
    /** Sets test hooks and the preference, and probes backends. */
    async init(
      opts: EngineOptions,
      pref: BackendPreference = 'auto',
    ): Promise<BackendAvailability> {
      options = opts;
      preference = pref;
      return probe();
    },

    async availability(): Promise<BackendAvailability> {
      return probe();
    },

    /** Creates the model's sessions, reads its signature, warms up each backend, picks backends. */
    loadModel(spec: ModelSpec, ctx: CallContext): Promise<ModelInfo> {
      return queue.run(() => load(spec, ctx));
    },

    async removeModel(id: string): Promise<void> {
      const m = models.get(id);
      models.delete(id);
      if (m) await queue.run(() => m.session.release());
    },

    /** Runs n windows [n, K, D]; batches per backend, checks cancellation between batches. */
    async predict(
      id: string,
      contexts: Float32Array,
      n: number,
      opts: WirePredictOptions,
      ctx: CallContext,
    ): Promise<PredictResult & { patch: ModelPatch }> {
      const m = models.get(id);
      if (!m) throw new DetailedError('UnknownModel', `No model "${id}" is loaded`);
      const { k, d } = resolveKD(m.info.signature, contexts.length, n, opts.k);
      const workload = opts.workload ?? (n <= 1 ? 'interactive' : 'bulk');
      return m.session.enqueue(async () => {
        const t0 = now();
        let requested = opts.backend ?? m.info.backends?.[workload] ?? 'wasm';
        let notice: string | undefined;
        if (requested === 'webgpu' && deviceLost) {
          notice = fallbackNotice('webgpu', `device lost: ${deviceLost}`);
          requested = 'wasm';
        } else if (!(m.info.usable ?? ['wasm']).includes(requested)) {
          // Already failed for this model: don't rebuild a session that will fail again.
          notice = m.info.notice ?? `${requested} is not usable for this model; ran on WASM`;
          requested = 'wasm';
        }
        const r = await withFallback(
          requested,
          async (b) => {
            checkRun(b);
            return m.session.predictOn(b, contexts, n, k, d, {
              get cancelled() {
                return ctx.cancelled;
              },
              progress: (done, total) => ctx.progress(done, total),
            });
          },
          async (msg) => {
            markUnusable(m, requested, msg);
            await m.session.drop(requested);
          },
        );
        notice = r.notice ?? notice;
        m.info.backend = r.backend;
        if (notice) m.info.notice = notice;
        return {
          ...r.value,
          n,
          dim: d,
          backend: r.backend,
          wallMs: now() - t0,
          ...(notice ? { notice } : {}),
          patch: patch(m),
        };
      });
    },

    /**
     * Test hook: destroys ORT's WebGPU device, as a driver reset or GPU process crash would, and
     * resolves once the engine has reacted. False when no WebGPU session was ever created.
     */
    async loseWebgpuDevice(): Promise<boolean> {
      if (!watchingDevice) return false;
      const device = (await ortFor('webgpu').env.webgpu.device) as unknown as GpuDeviceLike;
      device.destroy();
      await lostHandled;
      return true;
    },

    /** Changes the preference and re-picks every model's backends. */
    async setBackendPreference(pref: BackendPreference): Promise<ModelPatch[]> {
      preference = pref;
      const out: ModelPatch[] = [];
      for (const m of models.values()) {
        rechoose(m);
        m.info.backend = m.info.backends!.interactive;
        out.push(patch(m));
      }
      return out;
    },
  };
}

export type EngineApi = ReturnType<typeof createEngineApi>;
