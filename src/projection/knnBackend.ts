import type { BackendAvailability } from '../engine/types';

export type KnnBackend = 'wasm' | 'webgpu' | 'js';

/**
 * Backend for the kNN kernel when the caller did not name one: WebGPU only on a hardware adapter
 * (a software adapter such as SwiftShader is slower than WASM for these products), else WASM.
 */
export function chooseKnnBackend(availability: BackendAvailability): {
  backend: KnnBackend;
  reason: string;
} {
  const gpu = availability.webgpu;
  if (!gpu.available) return { backend: 'wasm', reason: gpu.reason ?? 'no WebGPU adapter' };
  if (gpu.adapter?.software) return { backend: 'wasm', reason: 'WebGPU adapter is software' };
  return { backend: 'webgpu', reason: 'hardware WebGPU adapter' };
}
