import { describe, expect, it } from 'vitest';
import type { AdapterSummary, BackendAvailability } from '../engine/types';
import { chooseKnnBackend } from './knnBackend';

const wasm = { available: true as const, threads: 2, crossOriginIsolated: true };
const webnn = { available: false };
const adapter = (software: boolean): AdapterSummary => ({
  vendor: 'v',
  architecture: 'a',
  device: 'd',
  description: '',
  software,
});
const avail = (webgpu: BackendAvailability['webgpu']): BackendAvailability => ({
  wasm,
  webgpu,
  webnn,
});

describe('chooseKnnBackend', () => {
  // The rule itself (hardware adapters only) is tested with webgpuOnHardware in engine/backend.
  it('runs WebGPU where webgpuOnHardware says so, else WASM with its reason', () => {
    expect(chooseKnnBackend(avail({ available: true, adapter: adapter(false) })).backend).toBe(
      'webgpu',
    );
    const c = chooseKnnBackend(avail({ available: true, adapter: adapter(true) }));
    expect(c).toEqual({ backend: 'wasm', reason: 'WebGPU adapter is software' });
  });
});
