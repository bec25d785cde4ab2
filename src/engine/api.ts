import type * as Ort from 'onnxruntime-web';
import type { CallContext } from '../lib/worker-rpc';
import { DetailedError } from '../lib/worker-rpc';
import { probeBackends, withFallback, type NavigatorLike } from './backend';
import {
  decideBackend,
  fallbackNotice,
  noticesFailure,
  sessionsToTry,
  timesWarmup,
} from './backendPolicy';
import { DeviceLossWatch } from './deviceLoss';
import { LoadedModel, type ModelPatch } from './loadedModel';
import type { OrtFor } from './ort';
import { ModelSession, resolveKD, SerialQueue } from './session';
import { createSession, type Placement } from './sessionOptions';
import { describeLoadError, detectSignature, type RawValueMetadata } from './signature';
import type {
  Backend,
  BackendAvailability,
  BackendPreference,
  EngineOptions,
  ModelInfo,
  ModelSpec,
  PredictResult,
  WirePredictOptions,
} from './types';

export type { ModelPatch } from './loadedModel';

function now(): number {
  return performance.now();
}

/**
 * The engine's worker-side API: loads models, warms them up, picks and falls back between backends,
 * and runs predictions. `ortFor` and `nav` are injected so Node tests can drive it.
 */
export class Engine {
  private readonly models = new Map<string, LoadedModel>();
  // Every ORT call (session creation, warm-up, run, release) goes through this one queue.
  private readonly queue = new SerialQueue();
  private readonly device: DeviceLossWatch;
  private options: EngineOptions = {};
  private probed: Promise<BackendAvailability> | null = null;
  private loads = 0;

  constructor(
    private readonly ortFor: OrtFor,
    private readonly nav: NavigatorLike | undefined,
  ) {
    this.device = new DeviceLossWatch(
      () => ortFor('webgpu'),
      (message) => this.moveOffWebgpu(message),
    );
  }

  /** Sets test hooks and probes backends. */
  async init(opts: EngineOptions): Promise<BackendAvailability> {
    this.options = opts;
    return this.probe();
  }

  async availability(): Promise<BackendAvailability> {
    return this.probe();
  }

  /**
   * Creates the model's sessions, reads its signature, warms up each backend, picks backends for
   * `spec.preference` (the client's; the engine keeps no copy; 'auto' when none is passed).
   */
  loadModel(
    spec: ModelSpec & { preference?: BackendPreference },
    ctx: CallContext,
  ): Promise<ModelInfo> {
    return this.queue.run(() => this.load(spec, spec.preference ?? 'auto', ctx));
  }

  async removeModel(id: string): Promise<void> {
    const m = this.models.get(id);
    this.models.delete(id);
    if (m) await this.queue.run(() => m.session.release());
  }

  /** Runs n windows [n, K, D]; batches per backend, checks cancellation between batches. */
  async predict(
    id: string,
    contexts: Float32Array,
    n: number,
    opts: WirePredictOptions,
    ctx: CallContext,
  ): Promise<PredictResult & { patch: ModelPatch }> {
    const m = this.models.get(id);
    if (!m) throw new DetailedError('UnknownModel', `No model "${id}" is loaded`);
    const { k, d } = resolveKD(m.info.signature, contexts.length, n, opts.k);
    const workload = opts.workload ?? (n <= 1 ? 'interactive' : 'bulk');
    const preference = opts.preference ?? 'auto';
    return m.session.enqueue(async () => {
      const t0 = now();
      const plan = decideBackend({
        preference,
        workload,
        usable: m.info.usable ?? ['wasm'],
        warmup: m.warmup,
        deviceLost: this.device.lost,
        requested: opts.backend,
        modelNotice: m.info.notice,
      });
      const r = await withFallback(
        plan.backend,
        async (b) => {
          this.checkRun(b);
          return m.session.predictOn(b, contexts, n, k, d, {
            get cancelled() {
              return ctx.cancelled;
            },
            progress: (done, total) => ctx.progress(done, total),
          });
        },
        async (msg) => {
          m.markUnusable(plan.backend, msg);
          await m.session.drop(plan.backend);
        },
      );
      const notice = r.notice ?? plan.notice;
      m.info.backend = r.backend;
      if (notice) m.info.notice = notice;
      m.rechoose(preference, this.device.lost);
      return {
        ...r.value,
        n,
        dim: d,
        backend: r.backend,
        wallMs: now() - t0,
        ...(notice ? { notice } : {}),
        patch: m.patch(),
      };
    });
  }

  /**
   * Test hook: destroys ORT's WebGPU device, as a driver reset or GPU process crash would, and
   * resolves once the engine has reacted. False when no WebGPU session was ever created.
   */
  loseWebgpuDevice(): Promise<boolean> {
    return this.device.lose();
  }

  /** Re-picks every model's backends for a new preference (the client's; not kept here). */
  async rechooseBackends(pref: BackendPreference): Promise<ModelPatch[]> {
    const out: ModelPatch[] = [];
    for (const m of this.models.values()) {
      m.rechoose(pref, this.device.lost);
      m.info.backend = m.info.backends!.interactive;
      out.push(m.patch());
    }
    return out;
  }

  private probe(): Promise<BackendAvailability> {
    return (this.probed ??= probeBackends(this.nav, {
      threads: this.ortFor('wasm').env.wasm.numThreads ?? 1,
      crossOriginIsolated: typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated,
    }));
  }

  /** After a device loss: every model leaves WebGPU, and its WebGPU session is freed. */
  private moveOffWebgpu(message: string): void {
    for (const m of this.models.values()) {
      const notice = fallbackNotice('webgpu', `device lost: ${message}`);
      m.markUnusable('webgpu', notice);
      void this.queue.run(() => m.session.drop('webgpu'));
    }
  }

  /** A session on `backend`, unless a test hook or a lost device forbids WebGPU. */
  private async session(
    bytes: Uint8Array,
    backend: Backend,
    placement: Placement,
  ): Promise<Ort.InferenceSession> {
    if (backend === 'webgpu' && this.options.forceWebgpuFailure === 'init') {
      throw new Error('forced by the test hook forceWebgpuFailure');
    }
    if (backend === 'webgpu') this.device.check();
    const session = await createSession(this.ortFor(backend), bytes, backend, placement);
    if (backend === 'webgpu') this.device.watch();
    return session;
  }

  /** Throws where a WebGPU run must not happen: the run test hook, or a device already lost. */
  private checkRun(backend: Backend): void {
    if (backend !== 'webgpu') return;
    if (this.options.forceWebgpuFailure === 'run') {
      throw new Error('device lost (forced by the test hook forceWebgpuFailure=run)');
    }
    this.device.check();
  }

  private async load(
    spec: ModelSpec,
    preference: BackendPreference,
    ctx: CallContext,
  ): Promise<ModelInfo> {
    const t0 = now();
    const bytes = new Uint8Array(spec.bytes);
    const avail = await this.probe();
    const placement: Placement = { source: spec.source };
    let wasmSession: Ort.InferenceSession;
    try {
      wasmSession = await this.session(bytes, 'wasm', placement);
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
      this.ortFor,
      signature,
      (b) => {
        if (b !== 'wasm' || adopted) return this.session(bytes, b, placement);
        adopted = true;
        return Promise.resolve(wasmSession);
      },
      this.queue,
    );
    await session.session('wasm');
    const m = new LoadedModel(session, {
      id: spec.id,
      loadId: `${spec.id}#${++this.loads}`,
      name: spec.name,
      architecture: spec.architecture ?? 'unknown',
      params: spec.params ?? null,
      bytes: spec.bytes.byteLength,
      source: spec.source,
      signature,
      backend: 'wasm',
      loadMs: 0,
      usable: ['wasm'],
    });
    await m.warm('wasm');
    const notices: string[] = [];
    for (const b of sessionsToTry(avail, this.device.lost)) {
      try {
        await session.session(b);
        if (b === 'webgpu') this.device.check();
        if (timesWarmup(b, avail)) await m.warm(b);
        m.info.usable!.push(b);
        if (b === 'webgpu' && placement.relaxed) notices.push(placement.relaxed);
      } catch (e) {
        await session.drop(b);
        if (noticesFailure(b, preference)) notices.push(fallbackNotice(b, e));
      }
    }
    ctx.progress(2, 3);
    m.rechoose(preference, this.device.lost);
    // Keep only the sessions a workload will use; others are recreated on demand.
    for (const b of ['webgpu', 'webnn'] as const) {
      if (!Object.values(m.info.backends!).includes(b)) await session.drop(b);
    }
    m.info.backend = m.info.backends!.interactive;
    m.info.warmup = { ...m.warmup };
    if (notices.length) m.info.notice = notices.join('; ');
    m.info.loadMs = now() - t0;
    const old = this.models.get(spec.id);
    this.models.set(spec.id, m);
    await old?.session.release();
    ctx.progress(3, 3);
    return { ...m.info };
  }
}

/** The worker's engine (what engine.worker.ts exposes and the UI's proxy mirrors). */
export type EngineApi = Engine;

/** A new engine; `ortFor` and `nav` are injected so Node tests can drive it. */
export function createEngineApi(ortFor: OrtFor, nav: NavigatorLike | undefined): Engine {
  return new Engine(ortFor, nav);
}
