import { fallbackNotice } from './backend';
import type { Backend } from './types';

/** What one predict call knows when it picks its backend. */
export interface RunRequest {
  /** backend named by the call (tests, benchmarks) */
  requested?: Backend;
  /** backend picked at load for the call's workload */
  chosen?: Backend;
  /** backends whose session works for this model */
  usable: readonly Backend[];
  /** message of a lost WebGPU device, or null */
  deviceLost: string | null;
  /** the model's notice (why a backend dropped out earlier) */
  modelNotice?: string;
}

/** The backend one predict call tries first, and the notice when it is not the one wanted. */
export function resolveRunBackend(r: RunRequest): { backend: Backend; notice?: string } {
  const wanted = r.requested ?? r.chosen ?? 'wasm';
  if (wanted === 'webgpu' && r.deviceLost) {
    return { backend: 'wasm', notice: fallbackNotice('webgpu', `device lost: ${r.deviceLost}`) };
  }
  if (!r.usable.includes(wanted)) {
    // Already failed for this model: don't rebuild a session that will fail again.
    const notice = r.modelNotice ?? `${wanted} is not usable for this model; ran on WASM`;
    return { backend: 'wasm', notice };
  }
  return { backend: wanted };
}
