import { webgpuOnHardware } from '../engine/backendPolicy';
import type { BackendAvailability } from '../engine/types';

export type KnnBackend = 'wasm' | 'webgpu' | 'js';

/** Backend for the kNN kernel when the caller did not name one: the engine's webgpuOnHardware rule. */
export function chooseKnnBackend(availability: BackendAvailability): {
  backend: KnnBackend;
  reason: string;
} {
  const gpu = webgpuOnHardware(availability.webgpu);
  return { backend: gpu.use ? 'webgpu' : 'wasm', reason: gpu.reason };
}
