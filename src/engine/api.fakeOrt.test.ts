/** The engine against a fake ORT runtime: queueing, node placement and device loss. */
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../lib/worker-rpc';
import { Engine } from './api';
import type { NavigatorLike } from './backend';
import { fakeOrt } from '../test/fakeOrt';
import type { ModelSpec } from './types';

const ctx = (): CallContext => ({ cancelled: false, progress: () => undefined });
const spec = (id: string, source: ModelSpec['source'] = 'user'): ModelSpec => ({
  id,
  name: `${id}.onnx`,
  source,
  bytes: new ArrayBuffer(8),
});
const hardwareGpu: NavigatorLike = {
  gpu: { requestAdapter: async () => ({ info: { vendor: 'test', architecture: 'gpu' } }) },
};
/** n windows of [5, 16] whose last row is filled with the window's index */
const windows = (n: number) => {
  const a = new Float32Array(n * 80);
  for (let i = 0; i < n; i++) a.fill(i, i * 80 + 64, i * 80 + 80);
  return a;
};

describe('engine concurrency (fake ORT)', () => {
  it('lets at most one ORT call run at a time across concurrent loads, runs and removals', async () => {
    const { ortFor, stats } = fakeOrt();
    const engine = new Engine(ortFor, hardwareGpu);
    await engine.init({});
    const loads = ['a', 'b', 'c'].map((id) => engine.loadModel(spec(id), ctx()));
    const infos = await Promise.all(loads);
    const runs = await Promise.all([
      engine.predict('a', windows(300), 300, {}, ctx()),
      engine.predict('b', windows(1), 1, {}, ctx()),
      engine.predict('c', windows(7), 7, { backend: 'webgpu' }, ctx()),
      engine.loadModel(spec('a'), ctx()),
      engine.removeModel('b'),
      engine.predict('c', windows(2), 2, {}, ctx()),
    ]);
    expect(infos.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(runs[2]).toMatchObject({ n: 7, backend: 'webgpu' });
    expect(Array.from(runs[0].prediction.subarray(299 * 16))).toEqual(Array(16).fill(299));
    expect(stats.calls).toBeGreaterThan(40);
    expect(stats.maxInFlight).toBe(1);
  });

  it('gives every load its own loadId, also when the same model is loaded again', async () => {
    const engine = new Engine(fakeOrt().ortFor, undefined);
    const first = await engine.loadModel(spec('a'), ctx());
    const again = await engine.loadModel(spec('a'), ctx());
    const other = await engine.loadModel(spec('b'), ctx());
    expect(new Set([first.loadId, again.loadId, other.loadId]).size).toBe(3);
    expect(first.loadId).toMatch(/^a#/);
  });
});

describe('the backend preference (fake ORT)', () => {
  it('travels with every call: the engine keeps no copy of its own', async () => {
    const engine = new Engine(fakeOrt().ortFor, hardwareGpu);
    await engine.init({});
    const info = await engine.loadModel({ ...spec('m'), preference: 'webgpu' }, ctx());
    expect(info.backends).toEqual({ interactive: 'webgpu', bulk: 'webgpu' });
    const onWasm = await engine.predict('m', windows(2), 2, { preference: 'wasm' }, ctx());
    expect(onWasm.backend).toBe('wasm');
    expect(onWasm.patch.backends).toEqual({ interactive: 'wasm', bulk: 'wasm' });
    const onGpu = await engine.predict('m', windows(2), 2, { preference: 'webgpu' }, ctx());
    expect(onGpu.backend).toBe('webgpu');
    const [patch] = await engine.rechooseBackends('wasm');
    expect(patch).toMatchObject({ id: 'm', backend: 'wasm' });
  });
});

describe('WebGPU node placement (fake ORT)', () => {
  const load = async (source: ModelSpec['source'], strictWebgpuFails: boolean) => {
    const { ortFor, stats } = fakeOrt({ strictWebgpuFails });
    const engine = new Engine(ortFor, hardwareGpu);
    await engine.init({});
    const info = await engine.loadModel({ ...spec('m', source), preference: 'webgpu' }, ctx());
    return { engine, info, created: stats.created };
  };

  it('a user model whose strict WebGPU session fails runs on WebGPU with CPU nodes, and says so', async () => {
    const { engine, info, created } = await load('user', true);
    expect(created).toEqual(['wasm', 'webgpu (relaxed)']);
    expect(info.usable).toEqual(['wasm', 'webgpu']);
    expect(info.backend).toBe('webgpu');
    expect(info.notice).toBe(
      'WebGPU, some nodes on CPU (strict WebGPU placement failed: Some nodes are assigned to the CPU EP, but fallback is disabled)',
    );
    const r = await engine.predict('m', windows(3), 3, { preference: 'webgpu' }, ctx());
    expect(r.backend).toBe('webgpu');
  });

  it('a shipped model stays strict: a failed WebGPU session leaves it on WASM', async () => {
    const { info, created } = await load('shipped', true);
    expect(created).toEqual(['wasm']);
    expect(info.usable).toEqual(['wasm']);
    expect(info.notice).toMatch(/^WebGPU failed: Some nodes are assigned .*; ran on WASM$/);
  });

  it('a user model that passes strict placement is not relaxed and gets no notice', async () => {
    const { info, created } = await load('user', false);
    expect(created).toEqual(['wasm', 'webgpu']);
    expect(info.usable).toEqual(['wasm', 'webgpu']);
    expect(info.notice).toBeUndefined();
  });
});

describe('WebGPU device loss (fake ORT)', () => {
  it('moves every model to WASM with a notice, and later WebGPU calls run on WASM', async () => {
    const engine = new Engine(fakeOrt().ortFor, hardwareGpu);
    await engine.init({});
    expect(await engine.loseWebgpuDevice()).toBe(false); // no WebGPU session yet
    const preference = 'webgpu';
    expect((await engine.loadModel({ ...spec('m'), preference }, ctx())).backend).toBe('webgpu');
    expect(await engine.loseWebgpuDevice()).toBe(true);
    const r = await engine.predict('m', windows(1), 1, { backend: 'webgpu' }, ctx());
    expect(r.backend).toBe('wasm');
    expect(r.notice).toBe('WebGPU failed: device lost: destroyed; ran on WASM');
    expect(r.patch.usable).toEqual(['wasm']);
    // the preference still names WebGPU: its runs go to WASM, saying why
    const p = await engine.predict('m', windows(1), 1, { preference }, ctx());
    expect(p).toMatchObject({ backend: 'wasm', notice: r.notice });
    expect(p.patch.backends).toEqual({ interactive: 'wasm', bulk: 'wasm' });
    const reloaded = await engine.loadModel(spec('m'), ctx());
    expect(reloaded.usable).toEqual(['wasm']);
  });
});
