import { describe, expect, it, vi } from 'vitest';
import {
  adapterLabel,
  batchSizeFor,
  gpuFirstOnHardware,
  probeBackends,
  summarizeAdapter,
  withFallback,
  type NavigatorLike,
} from './backend';

const wasm = { threads: 2, crossOriginIsolated: true };
const swiftshader = {
  info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '' },
};
const nvidia = { info: { vendor: 'nvidia', architecture: 'ampere', device: '', description: '' } };

describe('probeBackends', () => {
  it('WASM only when navigator.gpu is missing', async () => {
    const a = await probeBackends({}, wasm);
    expect(a.wasm).toEqual({ available: true, ...wasm });
    expect(a.webgpu).toEqual({ available: false, reason: 'navigator.gpu is missing' });
    expect(a.webnn.available).toBe(false);
  });

  it('navigator.gpu without an adapter is not WebGPU', async () => {
    const nav: NavigatorLike = { gpu: { requestAdapter: async () => null } };
    const a = await probeBackends(nav, wasm);
    expect(a.webgpu).toEqual({ available: false, reason: 'requestAdapter() returned null' });
  });

  it('a throwing requestAdapter is recorded, not raised', async () => {
    const nav: NavigatorLike = {
      gpu: {
        requestAdapter: async () => {
          throw new Error('GPU process crashed');
        },
      },
    };
    const a = await probeBackends(nav, wasm);
    expect(a.webgpu.available).toBe(false);
    expect(a.webgpu.reason).toBe('requestAdapter() threw: GPU process crashed');
  });

  it('labels SwiftShader as software and a real GPU as hardware', async () => {
    const sw = await probeBackends({ gpu: { requestAdapter: async () => swiftshader } }, wasm);
    expect(sw.webgpu.available).toBe(true);
    expect(sw.webgpu.adapter?.software).toBe(true);
    expect(adapterLabel(sw.webgpu.adapter!)).toBe('google swiftshader (software)');
    const hw = await probeBackends({ gpu: { requestAdapter: async () => nvidia } }, wasm);
    expect(hw.webgpu.adapter?.software).toBe(false);
    expect(summarizeAdapter({ info: { isFallbackAdapter: true } }).software).toBe(true);
  });

  it('WebNN counts when navigator.ml exists', async () => {
    expect((await probeBackends({ ml: {} }, wasm)).webnn.available).toBe(true);
  });
});

describe('gpuFirstOnHardware', () => {
  const gpu = (adapter: object | null): NavigatorLike => ({
    gpu: { requestAdapter: async () => adapter },
  });
  it('WebGPU then WASM on a hardware adapter; WASM alone on software, none, or when not allowed', async () => {
    expect(await gpuFirstOnHardware(gpu(nvidia), true)).toEqual(['webgpu', 'wasm']);
    expect(await gpuFirstOnHardware(gpu(nvidia), false)).toEqual(['wasm']);
    expect(await gpuFirstOnHardware(gpu(swiftshader), true)).toEqual(['wasm']);
    expect(await gpuFirstOnHardware(gpu(null), true)).toEqual(['wasm']);
    expect(await gpuFirstOnHardware(undefined, true)).toEqual(['wasm']);
  });
});

describe('batchSizeFor', () => {
  it('uses the backend default unless the file fixes the batch', () => {
    expect(batchSizeFor('wasm', null)).toBe(128);
    expect(batchSizeFor('webgpu', null)).toBe(512);
    expect(batchSizeFor('webgpu', 1)).toBe(1);
  });
});

describe('withFallback', () => {
  it('WASM runs once and its errors propagate', async () => {
    const attempt = vi.fn(async () => {
      throw new Error('bad feed');
    });
    await expect(withFallback('wasm', attempt)).rejects.toThrow('bad feed');
    expect(attempt).toHaveBeenCalledTimes(1);
  });
  it('WebGPU that works reports webgpu', async () => {
    const r = await withFallback('webgpu', async (b) => b);
    expect(r).toEqual({ value: 'webgpu', backend: 'webgpu' });
  });
  it('a WebGPU init that throws reruns on WASM with a notice', async () => {
    const onFallback = vi.fn();
    const r = await withFallback(
      'webgpu',
      async (b) => {
        if (b === 'webgpu') throw new Error('Failed to get GPU adapter.\nmore');
        return 42;
      },
      onFallback,
    );
    expect(r).toEqual({
      value: 42,
      backend: 'wasm',
      notice: 'WebGPU failed: Failed to get GPU adapter.; ran on WASM',
    });
    expect(onFallback).toHaveBeenCalledOnce();
  });
  it('a cancellation is not a fallback', async () => {
    const abort = Object.assign(new Error('Cancelled'), { name: 'AbortError' });
    const attempt = vi.fn(async () => {
      throw abort;
    });
    await expect(withFallback('webgpu', attempt)).rejects.toBe(abort);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
