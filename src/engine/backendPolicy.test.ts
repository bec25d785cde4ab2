import { describe, expect, it } from 'vitest';
import { resolveRunBackend, type RunRequest } from './backendPolicy';

const req = (r: Partial<RunRequest>): RunRequest => ({
  usable: ['wasm', 'webgpu'],
  deviceLost: null,
  ...r,
});

describe('resolveRunBackend', () => {
  it('runs the workload choice when nothing is requested', () => {
    expect(resolveRunBackend(req({ chosen: 'webgpu' }))).toEqual({ backend: 'webgpu' });
  });
  it('runs the requested backend over the workload choice', () => {
    expect(resolveRunBackend(req({ requested: 'wasm', chosen: 'webgpu' }))).toEqual({
      backend: 'wasm',
    });
  });
  it('runs WASM when nothing was requested or chosen', () => {
    expect(resolveRunBackend(req({}))).toEqual({ backend: 'wasm' });
  });
  it('moves WebGPU to WASM once the device is lost, saying so', () => {
    expect(resolveRunBackend(req({ chosen: 'webgpu', deviceLost: 'gone' }))).toEqual({
      backend: 'wasm',
      notice: 'WebGPU failed: device lost: gone; ran on WASM',
    });
  });
  it('a lost device does not touch other backends', () => {
    expect(resolveRunBackend(req({ requested: 'wasm', deviceLost: 'gone' }))).toEqual({
      backend: 'wasm',
    });
  });
  it('a backend that already failed for the model runs on WASM with the model notice', () => {
    const r = req({ requested: 'webgpu', usable: ['wasm'], modelNotice: 'WebGPU failed: x' });
    expect(resolveRunBackend(r)).toEqual({ backend: 'wasm', notice: 'WebGPU failed: x' });
  });
  it('an unusable backend without a model notice gets a plain one', () => {
    expect(resolveRunBackend(req({ requested: 'webnn' }))).toEqual({
      backend: 'wasm',
      notice: 'webnn is not usable for this model; ran on WASM',
    });
  });
});
