import { LazyWorker } from '../lib/lazyWorker';
import type { Remote } from '../lib/worker-rpc';
import type { EngineApi, ModelPatch } from './api';
import type {
  BackendAvailability,
  BackendPreference,
  ForcedFailure,
  ModelInfo,
  ModelSpec,
  PredictOptions,
  PredictResult,
} from './types';

/** Test hooks read from the URL at start (before the app rewrites the query string). */
export interface EngineHooks {
  forceWebgpuFailure: ForcedFailure;
  /** expose `window.__lvmLens.engine` so e2e tests can run predictions from the page */
  testHooks: boolean;
}

/** `?forceWebgpuFailure=1|init|run` and `?testHooks=1`: test hooks only, never set by the app. */
export function readHooks(search: string): EngineHooks {
  const p = new URLSearchParams(search);
  const f = p.get('forceWebgpuFailure');
  return {
    forceWebgpuFailure: f === 'run' ? 'run' : f === '1' || f === 'init' ? 'init' : null,
    testHooks: p.get('testHooks') === '1',
  };
}

const hooks: EngineHooks =
  typeof location === 'undefined'
    ? { forceWebgpuFailure: null, testHooks: false }
    : readHooks(location.search);

type Listener = (patch: ModelPatch) => void;

/**
 * The UI-side engine: a lazily started worker behind a typed proxy, plus change notifications. It
 * owns the backend preference (the one copy): the worker is handed it with every call, and the UI
 * reads it through getBackendPreference / onPreferenceChange.
 */
export class EngineClient {
  private preference: BackendPreference = 'auto';
  private preferenceListeners = new Set<() => void>();
  private listeners = new Set<Listener>();
  private readonly worker = new LazyWorker<EngineApi, BackendAvailability>({
    create: () =>
      new Worker(new URL('./engine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'lvm-engine',
      }),
    init: (remote) => remote.init({ forceWebgpuFailure: hooks.forceWebgpuFailure }),
    name: 'inference',
  });

  /** The worker's proxy and its start (probe + test hooks); a failed start is retried next call. */
  private api(): { remote: Remote<EngineApi>; ready: Promise<BackendAvailability> } {
    const ready = this.worker.ready();
    return { remote: this.worker.remote, ready };
  }

  /** Backends this browser offers (WebGPU adapter info included), probed once. */
  availability(): Promise<BackendAvailability> {
    return this.api().ready;
  }

  /** Loads an ONNX file (its bytes are copied; the caller's buffer stays usable). */
  async loadModel(
    spec: ModelSpec,
    opts: { onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ModelInfo> {
    const { remote, ready } = this.api();
    await ready;
    const bytes = spec.bytes.slice(0);
    return remote.loadModel(
      { ...spec, bytes, preference: this.preference },
      { onProgress: opts.onProgress, transfer: [bytes] },
    );
  }

  async removeModel(id: string): Promise<void> {
    const { remote } = this.api();
    await remote.removeModel(id);
  }

  /** Predicts the next vector for n windows [n, K, D]; `contexts` is copied, never detached. */
  async predict(
    id: string,
    contexts: Float32Array,
    n: number,
    opts: PredictOptions = {},
  ): Promise<PredictResult> {
    const { remote, ready } = this.api();
    await ready;
    const wire = {
      preference: this.preference,
      ...(opts.workload ? { workload: opts.workload } : {}),
      ...(opts.backend ? { backend: opts.backend } : {}),
      ...(opts.k ? { k: opts.k } : {}),
    };
    const copy = contexts.slice();
    const { patch, ...result } = await remote.predict(id, copy, n, wire, {
      onProgress: opts.onProgress,
      signal: opts.signal,
      transfer: [copy.buffer],
    });
    this.emit(patch);
    return result;
  }

  /** The backend preference every load and run is handed (auto picks by warm-up). */
  getBackendPreference = (): BackendPreference => this.preference;

  /** Called when the preference changes (the Models view's picker renders it). */
  onPreferenceChange = (listener: () => void): (() => void) => {
    this.preferenceListeners.add(listener);
    return () => this.preferenceListeners.delete(listener);
  };

  /** Sets the backend preference for every model and has the worker re-pick their backends. */
  async setBackendPreference(pref: BackendPreference): Promise<void> {
    this.preference = pref;
    this.preferenceListeners.forEach((l) => l());
    const { remote, ready } = this.api();
    await ready;
    const patches = await remote.rechooseBackends(pref);
    patches.forEach((p) => this.emit(p));
  }

  /** Test hook: destroys the WebGPU device in the worker (see EngineApi.loseWebgpuDevice). */
  async loseWebgpuDevice(): Promise<boolean> {
    const { remote, ready } = this.api();
    await ready;
    return remote.loseWebgpuDevice();
  }

  /** Called when a model's backend or notice changes (fallbacks, preference changes). */
  onModelChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private lastPatch = new Map<string, string>();

  /** Notifies listeners only when a model's backend, usable set or notice actually changed. */
  private emit(patch: ModelPatch): void {
    const key = JSON.stringify(patch);
    if (this.lastPatch.get(patch.id) === key) return;
    this.lastPatch.set(patch.id, key);
    this.listeners.forEach((l) => l(patch));
  }
}

/** The app's one engine. */
export const engine = new EngineClient();

if (hooks.testHooks && typeof window !== 'undefined') {
  (window as unknown as { __lvmLens?: object }).__lvmLens = { engine };
}
