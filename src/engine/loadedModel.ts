import { chooseBackend, type Warmup } from './backend';
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

  /** Drops `backend` from the usable set, says why, and re-picks the workloads' backends. */
  markUnusable(backend: Backend, notice: string, preference: BackendPreference): void {
    this.info.usable = (this.info.usable ?? ['wasm']).filter((b) => b !== backend);
    this.info.notice = notice;
    delete this.warmup[backend];
    this.rechoose(preference);
  }

  /** Picks each workload's backend from the usable set, the warm-ups and the preference. */
  rechoose(preference: BackendPreference): void {
    const usable = this.info.usable ?? ['wasm'];
    this.info.backends = {
      interactive: chooseBackend(preference, 'interactive', usable, this.warmup).backend,
      bulk: chooseBackend(preference, 'bulk', usable, this.warmup).backend,
    };
  }

  /** What changed for the UI. */
  patch(): ModelPatch {
    const { id, backend, backends, usable, notice } = this.info;
    return { id, backend, backends, usable, ...(notice ? { notice } : {}) };
  }
}
