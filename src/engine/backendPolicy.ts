/**
 * Which backend runs what: every choice between WASM, WebGPU and WebNN is made here, by pure
 * functions of the user's preference (owned by engine/client.ts), what the probe found and what the
 * model can do. backend.ts probes and runs fallbacks; api.ts and loadedModel.ts only ask.
 */
import type {
  Backend,
  BackendAvailability,
  BackendPreference,
  WarmupTiming,
  Workload,
} from './types';

/** Warm-up timings measured per backend for one model. */
export type Warmup = Partial<Record<Backend, WarmupTiming>>;

/** What one choice knows. */
export interface BackendQuestion {
  /** the user's preference, passed by the client with every call */
  preference: BackendPreference;
  workload: Workload;
  /** backends whose session works for this model (WebGPU/WebNN drop out when theirs fails) */
  usable: readonly Backend[];
  /** warm-up timings of this model, per backend */
  warmup: Warmup;
  /** message of a lost WebGPU device, or null */
  deviceLost?: string | null;
  /** backend named by the call itself (tests, benchmarks): wins over the preference */
  requested?: Backend;
  /** the model's notice (why a backend dropped out earlier) */
  modelNotice?: string;
}

export interface BackendDecision {
  backend: Backend;
  reason: string;
  /** said to the user when the call does not run where it was asked to */
  notice?: string;
}

/** The notice shown when a call or a load had to leave WebGPU/WebNN. */
export function fallbackNotice(from: Backend, e: unknown): string {
  const label = from === 'webgpu' ? 'WebGPU' : from === 'webnn' ? 'WebNN' : 'WASM';
  const msg = e instanceof Error ? e.message : String(e);
  return `${label} failed: ${msg.split('\n')[0]}; ran on WASM`;
}

/**
 * The backend for one model and workload. A backend named by the call wins, then an explicit
 * preference; either falls to WASM when the device is lost or the model cannot run there (a named
 * backend says so, a preference gives its reason). 'auto' takes the fastest warm-up among the usable
 * backends, WASM when nothing was measured.
 */
export function decideBackend(q: BackendQuestion): BackendDecision {
  const named = q.requested ?? (q.preference === 'auto' ? undefined : q.preference);
  const usable = q.deviceLost ? q.usable.filter((b) => b !== 'webgpu') : q.usable;
  if (named) {
    const why = q.requested ? 'requested by the call' : 'preference';
    if (named === 'webgpu' && q.deviceLost) {
      const notice = fallbackNotice('webgpu', `device lost: ${q.deviceLost}`);
      return { backend: 'wasm', reason: notice, notice };
    }
    if (usable.includes(named)) return { backend: named, reason: why };
    if (!q.requested)
      return { backend: 'wasm', reason: `${named} is not usable for this model; using wasm` };
    // Already failed for this model: don't rebuild a session that will fail again.
    const notice = q.modelNotice ?? `${named} is not usable for this model; ran on WASM`;
    return { backend: 'wasm', reason: notice, notice };
  }
  let best: BackendDecision = { backend: 'wasm', reason: 'default (no warm-up measured)' };
  let bestMs = Infinity;
  for (const b of usable) {
    const t = q.warmup[b];
    if (!t) continue;
    const ms = q.workload === 'interactive' ? t.interactiveMs : t.bulkMsPerItem;
    if (ms < bestMs) {
      bestMs = ms;
      best = { backend: b, reason: `fastest ${q.workload} warm-up (${ms.toFixed(3)} ms)` };
    }
  }
  return best;
}

/** Backends besides WASM whose session a model load tries: what the probe found, minus a lost device. */
export function sessionsToTry(avail: BackendAvailability, deviceLost: string | null): Backend[] {
  const out: Backend[] = [];
  if (avail.webgpu.available && !deviceLost) out.push('webgpu');
  if (avail.webnn.available) out.push('webnn');
  return out;
}

/**
 * Whether a load times `backend` (so 'auto' may pick it). A software WebGPU adapter emulates the
 * GPU on the CPU: timing its kernels costs seconds per model and it never beats WASM, so its
 * session is only created (which still checks where the nodes run) and never timed.
 */
export function timesWarmup(backend: Backend, avail: BackendAvailability): boolean {
  return !(backend === 'webgpu' && avail.webgpu.adapter?.software);
}

/** Whether a failed session on `backend` is worth a notice: WebGPU always, WebNN only when asked for. */
export function noticesFailure(backend: Backend, preference: BackendPreference): boolean {
  return backend === 'webgpu' || (backend === 'webnn' && preference === 'webnn');
}

/**
 * Whether a kernel that has no per-workload choice (encoder, retrieval, kNN) runs on WebGPU: only on
 * a hardware adapter, since a software adapter such as SwiftShader loses to WASM there.
 */
export function webgpuOnHardware(webgpu: BackendAvailability['webgpu']): {
  use: boolean;
  reason: string;
} {
  if (!webgpu.available) return { use: false, reason: webgpu.reason ?? 'no WebGPU adapter' };
  if (webgpu.adapter?.software) return { use: false, reason: 'WebGPU adapter is software' };
  return { use: true, reason: 'hardware WebGPU adapter' };
}

/** Backends to try, in order, for such a kernel: WebGPU first where webgpuOnHardware says so. */
export function kernelBackends(
  webgpu: BackendAvailability['webgpu'],
  allowGpu: boolean,
): Backend[] {
  return allowGpu && webgpuOnHardware(webgpu).use ? ['webgpu', 'wasm'] : ['wasm'];
}
