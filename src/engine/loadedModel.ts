import { decideBackend, type Warmup } from './backendPolicy';
import type { ModelSession } from './session';
import type { Backend, BackendPreference, ModelInfo } from './types';
import { warmUp } from './warmup';

/** A model's state changes the UI should mirror (after a fallback or a preference change). */
export type ModelPatch = Pick<ModelInfo, 'id' | 'backend' | 'backends' | 'usable' | 'notice'>;

/** One loaded model in the engine: its sessions, warm-up timings and what the UI is told. */
export class LoadedModel {
  readonly warmup: Warmup = {};

  constructor(
    readonly session: ModelSession,
    readonly info: ModelInfo,
  ) {}

  /** Times `backend` (see warmUp); a model with dynamic K or D keeps no timing. */
  async warm(backend: Backend): Promise<void> {
    const timing = await warmUp(this.session, backend);
    if (timing) this.warmup[backend] = timing;
  }

  /** Drops `backend` from the usable set and says why; the next choice no longer sees it. */
  markUnusable(backend: Backend, notice: string): void {
    this.info.usable = (this.info.usable ?? ['wasm']).filter((b) => b !== backend);
    this.info.notice = notice;
    delete this.warmup[backend];
  }

  /** Each workload's backend as backendPolicy decides it, for the UI to show. */
  rechoose(preference: BackendPreference, deviceLost: string | null): void {
    const ask = (workload: 'interactive' | 'bulk') =>
      decideBackend({
        preference,
        workload,
        usable: this.info.usable ?? ['wasm'],
        warmup: this.warmup,
        deviceLost,
      }).backend;
    this.info.backends = { interactive: ask('interactive'), bulk: ask('bulk') };
  }

  /** What changed for the UI. */
  patch(): ModelPatch {
    const { id, backend, backends, usable, notice } = this.info;
    return { id, backend, backends, usable, ...(notice ? { notice } : {}) };
  }
}
