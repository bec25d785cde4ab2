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
  it('uses WebGPU on a hardware adapter', () => {
    expect(chooseKnnBackend(avail({ available: true, adapter: adapter(false) })).backend).toBe(
      'webgpu',
    );
  });
  it('keeps WASM on a software adapter', () => {
    const c = chooseKnnBackend(avail({ available: true, adapter: adapter(true) }));
    expect(c).toEqual({ backend: 'wasm', reason: 'WebGPU adapter is software' });
  });
  it('keeps WASM without WebGPU, saying why', () => {
    const c = chooseKnnBackend(avail({ available: false, reason: 'navigator.gpu is missing' }));
    expect(c).toEqual({ backend: 'wasm', reason: 'navigator.gpu is missing' });
  });
});
