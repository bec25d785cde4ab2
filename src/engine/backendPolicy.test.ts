import { describe, expect, it } from 'vitest';
import {
  decideBackend,
  fallbackNotice,
  kernelBackends,
  noticesFailure,
  sessionsToTry,
  timesWarmup,
  webgpuOnHardware,
  type BackendQuestion,
} from './backendPolicy';
import type { AdapterSummary, BackendAvailability } from './types';

const warmup = {
  wasm: { interactiveMs: 0.2, bulkMsPerItem: 0.05, bulkBatch: 64 },
  webgpu: { interactiveMs: 1.5, bulkMsPerItem: 0.01, bulkBatch: 64 },
};
const ask = (q: Partial<BackendQuestion>) =>
  decideBackend({
    preference: 'auto',
    workload: 'bulk',
    usable: ['wasm', 'webgpu'],
    warmup,
    deviceLost: null,
    ...q,
  });

describe('decideBackend', () => {
  describe('auto', () => {
    it('takes the fastest warm-up per workload', () => {
      expect(ask({ workload: 'interactive' }).backend).toBe('wasm');
      expect(ask({ workload: 'bulk' })).toEqual({
        backend: 'webgpu',
        reason: 'fastest bulk warm-up (0.010 ms)',
      });
    });
    it('ignores timings of backends that are no longer usable', () => {
      expect(ask({ usable: ['wasm'] }).backend).toBe('wasm');
    });
    it('never picks a usable backend that was not timed (software adapter)', () => {
      expect(ask({ warmup: { wasm: warmup.wasm } }).backend).toBe('wasm');
    });
    it('is WASM when nothing was measured', () => {
      expect(ask({ warmup: {} })).toEqual({
        backend: 'wasm',
        reason: 'default (no warm-up measured)',
      });
    });
    it('leaves WebGPU once its device is lost, without a notice of its own', () => {
      expect(ask({ deviceLost: 'gone' })).toMatchObject({ backend: 'wasm' });
      expect(ask({ deviceLost: 'gone' }).notice).toBeUndefined();
    });
  });

  describe('a preference', () => {
    it('wins when the model can run there', () => {
      expect(ask({ preference: 'webgpu', workload: 'interactive' })).toEqual({
        backend: 'webgpu',
        reason: 'preference',
      });
      expect(ask({ preference: 'wasm' }).backend).toBe('wasm');
    });
    it('falls to WASM with a reason when the model cannot run there', () => {
      expect(ask({ preference: 'webnn' })).toEqual({
        backend: 'wasm',
        reason: 'webnn is not usable for this model; using wasm',
      });
    });
    it('for WebGPU moves to WASM once the device is lost, saying so', () => {
      expect(ask({ preference: 'webgpu', deviceLost: 'gone' })).toMatchObject({
        backend: 'wasm',
        notice: 'WebGPU failed: device lost: gone; ran on WASM',
      });
    });
  });

  describe('a backend named by the call', () => {
    it('wins over the preference', () => {
      expect(ask({ preference: 'webgpu', requested: 'wasm' })).toEqual({
        backend: 'wasm',
        reason: 'requested by the call',
      });
    });
    it('a lost device does not touch other backends', () => {
      expect(ask({ requested: 'wasm', deviceLost: 'gone' }).notice).toBeUndefined();
    });
    it('that already failed for the model runs on WASM with the model notice', () => {
      const r = ask({ requested: 'webgpu', usable: ['wasm'], modelNotice: 'WebGPU failed: x' });
      expect(r).toMatchObject({ backend: 'wasm', notice: 'WebGPU failed: x' });
    });
    it('that is unusable without a model notice gets a plain one', () => {
      expect(ask({ requested: 'webnn' }).notice).toBe(
        'webnn is not usable for this model; ran on WASM',
      );
    });
  });
});

const hardware: AdapterSummary = {
  vendor: 'nvidia',
  architecture: 'ampere',
  device: '',
  description: '',
  software: false,
};
const software = { ...hardware, software: true };
const avail = (webgpu: BackendAvailability['webgpu'], webnn = false): BackendAvailability => ({
  wasm: { available: true, threads: 1, crossOriginIsolated: false },
  webgpu,
  webnn: { available: webnn },
});

describe('what a model load tries', () => {
  it('a session on every backend the probe found, WebGPU not once its device is lost', () => {
    const both = avail({ available: true, adapter: hardware }, true);
    expect(sessionsToTry(both, null)).toEqual(['webgpu', 'webnn']);
    expect(sessionsToTry(both, 'gone')).toEqual(['webnn']);
    expect(sessionsToTry(avail({ available: false, reason: 'x' }), null)).toEqual([]);
  });
  it('times every backend but a software WebGPU adapter', () => {
    expect(timesWarmup('webgpu', avail({ available: true, adapter: hardware }))).toBe(true);
    expect(timesWarmup('webgpu', avail({ available: true, adapter: software }))).toBe(false);
    expect(timesWarmup('webnn', avail({ available: true, adapter: software }, true))).toBe(true);
  });
  it('a thrown WebGPU init is always said; WebNN only when it was asked for', () => {
    expect(noticesFailure('webgpu', 'auto')).toBe(true);
    expect(noticesFailure('webnn', 'auto')).toBe(false);
    expect(noticesFailure('webnn', 'webnn')).toBe(true);
    expect(fallbackNotice('webnn', new Error('no context\nstack'))).toBe(
      'WebNN failed: no context; ran on WASM',
    );
  });
});

describe('kernels without a per-workload choice (encoder, retrieval, kNN)', () => {
  it('use WebGPU on a hardware adapter', () => {
    expect(webgpuOnHardware({ available: true, adapter: hardware })).toEqual({
      use: true,
      reason: 'hardware WebGPU adapter',
    });
    expect(kernelBackends({ available: true, adapter: hardware }, true)).toEqual([
      'webgpu',
      'wasm',
    ]);
  });
  it('not on a software adapter', () => {
    expect(webgpuOnHardware({ available: true, adapter: software })).toEqual({
      use: false,
      reason: 'WebGPU adapter is software',
    });
    expect(kernelBackends({ available: true, adapter: software }, true)).toEqual(['wasm']);
  });
  it('not without WebGPU, saying why', () => {
    expect(webgpuOnHardware({ available: false, reason: 'navigator.gpu is missing' })).toEqual({
      use: false,
      reason: 'navigator.gpu is missing',
    });
  });
  it('not when the caller does not allow the GPU', () => {
    expect(kernelBackends({ available: true, adapter: hardware }, false)).toEqual(['wasm']);
  });
});
