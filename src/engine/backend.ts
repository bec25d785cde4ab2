import { fallbackNotice, kernelBackends } from './backendPolicy';
import type { AdapterSummary, Backend, BackendAvailability } from './types';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
}
/** The parts of `navigator` the probe reads; a plain object in tests. */
export interface NavigatorLike {
  gpu?: { requestAdapter(options?: unknown): Promise<AdapterLike | null> };
  ml?: unknown;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|basic render|warp/i;

/** Reads an adapter's info; SwiftShader and other CPU adapters are labelled software. */
export function summarizeAdapter(adapter: AdapterLike): AdapterSummary {
  const info = adapter.info ?? {};
  const text = [info.vendor, info.architecture, info.device, info.description].join(' ');
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    software: !!(info.isFallbackAdapter || adapter.isFallbackAdapter) || SOFTWARE.test(text),
  };
}

/** Backends to try, in order, for a kernel (backendPolicy's kernelBackends on a fresh probe). */
export async function gpuFirstOnHardware(
  nav: NavigatorLike | undefined,
  allowGpu: boolean,
): Promise<Backend[]> {
  if (!allowGpu) return ['wasm'];
  return kernelBackends(await probeWebgpu(nav), allowGpu);
}

/** fetch() that turns an HTTP error status into an error naming the URL. */
export async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${url}: HTTP ${res.status}`);
  return res;
}

/** A short name for the adapter: "google swiftshader (software)". */
export function adapterLabel(a: AdapterSummary): string {
  const name = [a.vendor, a.architecture, a.device || a.description].filter(Boolean).join(' ');
  return `${name || 'unknown adapter'}${a.software ? ' (software)' : ''}`;
}

/** Probes backends: WebGPU only counts when an adapter is actually returned. */
export async function probeBackends(
  nav: NavigatorLike | undefined,
  wasm: { threads: number; crossOriginIsolated: boolean },
): Promise<BackendAvailability> {
  return {
    wasm: { available: true, ...wasm },
    webgpu: await probeWebgpu(nav),
    webnn: { available: !!nav?.ml, ...(nav?.ml ? {} : { reason: 'navigator.ml is missing' }) },
  };
}

/** WebGPU's part of probeBackends: an adapter, or why there is none. */
async function probeWebgpu(nav: NavigatorLike | undefined): Promise<BackendAvailability['webgpu']> {
  if (!nav?.gpu) return { available: false, reason: 'navigator.gpu is missing' };
  try {
    const adapter = await nav.gpu.requestAdapter();
    if (!adapter) return { available: false, reason: 'requestAdapter() returned null' };
    return { available: true, adapter: summarizeAdapter(adapter) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { available: false, reason: `requestAdapter() threw: ${why}` };
  }
}

/** Items per session.run(): GPUs like big batches; WASM keeps memory and latency modest. */
export const BATCH_SIZE: Record<Backend, number> = { wasm: 128, webgpu: 512, webnn: 64 };

/** Batch size for a model: a fixed batch dimension in the file overrides the backend default. */
export function batchSizeFor(backend: Backend, fixedBatch: number | null): number {
  return fixedBatch && fixedBatch > 0 ? fixedBatch : BATCH_SIZE[backend];
}

/**
 * Runs `attempt` on `backend`; if that throws on WebGPU/WebNN, reruns it on WASM and reports a
 * notice instead of failing. WASM errors propagate (they are the model's own errors).
 */
export async function withFallback<T>(
  backend: Backend,
  attempt: (b: Backend) => Promise<T>,
  onFallback?: (notice: string, error: unknown) => void | Promise<void>,
): Promise<{ value: T; backend: Backend; notice?: string }> {
  if (backend === 'wasm') return { value: await attempt('wasm'), backend };
  try {
    return { value: await attempt(backend), backend };
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    const notice = fallbackNotice(backend, e);
    await onFallback?.(notice, e);
    return { value: await attempt('wasm'), backend: 'wasm', notice };
  }
}
