import { describe, expect, it } from 'vitest';
import type { CallContext } from '../lib/worker-rpc';
import { Engine } from './api';
import type { NavigatorLike } from './backend';
import { getOrt } from './ort';
import { resolveKD, runInBatches } from './session';
import { maxAbsDiff, readBytes, reference, testdata } from '../test/testModels';
import type { ModelSignature } from './types';

const ctx = (): CallContext & { calls: [number, number][] } => {
  const calls: [number, number][] = [];
  return { calls, cancelled: false, progress: (d, t) => calls.push([d, t]) };
};
const spec = (id: string, file: string) => ({
  id,
  name: file,
  source: 'user' as const,
  bytes: readBytes(testdata(file)),
});
const ref = reference();
const window = (i: number) => Float32Array.from(ref.input.slice(i * 80, (i + 1) * 80));
/** n windows cycling through the 3 reference windows */
const windows = (n: number) => {
  const a = new Float32Array(n * 80);
  for (let i = 0; i < n; i++) a.set(window(i % 3), i * 80);
  return a;
};
const expected = (n: number) => {
  const a = new Float32Array(n * 16);
  for (let i = 0; i < n; i++) a.set(ref.prediction.slice((i % 3) * 16, (i % 3) * 16 + 16), i * 16);
  return a;
};

describe('runInBatches', () => {
  it('covers n with a short last batch, and nothing for n = 0', async () => {
    const seen: [number, number][] = [];
    await runInBatches(300, 128, async (s, c) => void seen.push([s, c]));
    expect(seen).toEqual([
      [0, 128],
      [128, 128],
      [256, 44],
    ]);
    seen.length = 0;
    await runInBatches(0, 128, async (s, c) => void seen.push([s, c]));
    expect(seen).toEqual([]);
  });
  it('stops between batches once cancelled', async () => {
    let cancelled = false;
    const seen: number[] = [];
    const run = runInBatches(
      10,
      2,
      async (s) => {
        seen.push(s);
        if (s === 2) cancelled = true;
      },
      {
        get cancelled() {
          return cancelled;
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([0, 2]);
  });
});

describe('resolveKD', () => {
  const sig = (k: number | null, dim: number | null) => ({ k, dim }) as ModelSignature;
  it('infers the dynamic dim from the array length', () => {
    expect(resolveKD(sig(5, 16), 160, 2)).toEqual({ k: 5, d: 16 });
    expect(resolveKD(sig(null, 16), 6 * 16 * 2, 2)).toEqual({ k: 6, d: 16 });
    expect(resolveKD(sig(null, null), 2 * 4 * 8, 2, 4)).toEqual({ k: 4, d: 8 });
  });
  it('rejects lengths that do not fit', () => {
    expect(() => resolveKD(sig(5, 16), 161, 2)).toThrow(/expected contexts of shape \[n, 5, 16\]/);
    expect(() => resolveKD(sig(null, null), 64, 2)).toThrow(/pass opts.k/);
  });
});

describe('engine API on WASM (Node)', () => {
  it('loads a model, matches torch within 1e-4, batches any n', async () => {
    const api = new Engine(getOrt, undefined);
    const info = await api.loadModel(spec('m', 'lvm_k5_d16.onnx'), ctx());
    expect(info).toMatchObject({ backend: 'wasm', usable: ['wasm'], bytes: 3760 });
    expect(info.signature).toMatchObject({ k: 5, dim: 16 });
    expect(info.warmup?.wasm?.interactiveMs).toBeGreaterThan(0);

    const one = await api.predict('m', window(0), 1, {}, ctx());
    expect(one).toMatchObject({ n: 1, dim: 16, backend: 'wasm', attentionShape: [1, 5] });
    expect(maxAbsDiff(one.prediction, ref.prediction.slice(0, 16))).toBeLessThan(1e-4);
    expect(maxAbsDiff(one.attention!, ref.attention.slice(0, 5))).toBeLessThan(1e-4);

    const c = ctx();
    const many = await api.predict('m', windows(300), 300, {}, c);
    expect(many.prediction.length).toBe(300 * 16);
    expect(maxAbsDiff(many.prediction, expected(300))).toBeLessThan(1e-4);
    expect(many.attentionShape).toEqual([300, 5]);
    expect(c.calls).toEqual([
      [128, 300],
      [256, 300],
      [300, 300],
    ]);
    expect(many.wallMs).toBeGreaterThan(0);

    const none = await api.predict('m', new Float32Array(0), 0, {}, ctx());
    expect(none).toMatchObject({ n: 0, dim: 16, prediction: new Float32Array(0) });
  });

  it('pads a fixed batch of 1 and runs n one row at a time', async () => {
    const api = new Engine(getOrt, undefined);
    await api.loadModel(spec('f', 'fixed_batch1.onnx'), ctx());
    const r = await api.predict('f', windows(4), 4, {}, ctx());
    expect(maxAbsDiff(r.prediction, expected(4))).toBeLessThan(1e-4);
  });

  it('cancels between batches', async () => {
    const api = new Engine(getOrt, undefined);
    await api.loadModel(spec('m', 'lvm_k5_d16.onnx'), ctx());
    let cancelled = false;
    const c: CallContext = {
      progress: () => (cancelled = true),
      get cancelled() {
        return cancelled;
      },
    };
    await expect(api.predict('m', windows(400), 400, {}, c)).rejects.toMatchObject({
      name: 'AbortError',
    });
    // the queue keeps going after a cancelled call
    const r = await api.predict('m', window(1), 1, {}, ctx());
    expect(maxAbsDiff(r.prediction, ref.prediction.slice(16, 32))).toBeLessThan(1e-4);
  });

  it('gives clear errors for bad files and keeps loaded models working', async () => {
    const api = new Engine(getOrt, undefined);
    await api.loadModel(spec('m', 'lvm_k5_d16.onnx'), ctx());
    const notes = { ...spec('n', 'lvm_k5_d16.onnx'), name: 'notes.txt' };
    notes.bytes = new TextEncoder().encode('just some notes').buffer as ArrayBuffer;
    await expect(api.loadModel(notes, ctx())).rejects.toThrow(
      /^"notes\.txt" is not an ONNX model \(could not parse the protobuf\): /,
    );
    await expect(api.loadModel(spec('w', 'wrong_rank2.onnx'), ctx())).rejects.toThrow(
      '"wrong_rank2.onnx" does not look like an LVM: expected one float input of shape [batch, K, D], found input "x"',
    );
    await expect(api.predict('w', window(0), 1, {}, ctx())).rejects.toThrow(/No model "w"/);
    await expect(api.predict('m', new Float32Array(7), 1, {}, ctx())).rejects.toThrow(
      /expected contexts of shape \[n, 5, 16\]/,
    );
    const r = await api.predict('m', window(2), 1, {}, ctx());
    expect(maxAbsDiff(r.prediction, ref.prediction.slice(32, 48))).toBeLessThan(1e-4);
    await api.removeModel('m');
    await expect(api.predict('m', window(0), 1, {}, ctx())).rejects.toThrow(/No model "m"/);
  });

  it('a WebGPU init that throws leaves the model on WASM with a notice', async () => {
    // An adapter is "found", but Node's ORT has no WebGPU backend, so session creation throws.
    const nav: NavigatorLike = {
      gpu: { requestAdapter: async () => ({ info: { vendor: 'test', architecture: 'gpu' } }) },
    };
    const api = new Engine(getOrt, nav);
    const avail = await api.init({});
    expect(avail.webgpu.available).toBe(true);
    const info = await api.loadModel(spec('m', 'lvm_k5_d16.onnx'), ctx());
    expect(info.backend).toBe('wasm');
    expect(info.usable).toEqual(['wasm']);
    expect(info.notice).toMatch(/^WebGPU failed: .*; ran on WASM$/);

    // asking for WebGPU explicitly reruns on WASM and says so
    const r = await api.predict('m', window(0), 1, { backend: 'webgpu' }, ctx());
    expect(r.backend).toBe('wasm');
    expect(r.notice).toMatch(/^WebGPU failed: .*; ran on WASM$/);
    expect(maxAbsDiff(r.prediction, ref.prediction.slice(0, 16))).toBeLessThan(1e-4);
  });

  it('the forced-failure hook names itself; preference changes re-pick backends', async () => {
    const nav: NavigatorLike = { gpu: { requestAdapter: async () => ({ info: {} }) } };
    const api = new Engine(getOrt, nav);
    await api.init({ forceWebgpuFailure: 'init' });
    const info = await api.loadModel(spec('m', 'lvm_k5_d16.onnx'), ctx());
    expect(info.notice).toBe(
      'WebGPU failed: forced by the test hook forceWebgpuFailure; ran on WASM',
    );
    const patches = await api.rechooseBackends('webgpu');
    expect(patches).toEqual([expect.objectContaining({ id: 'm', backend: 'wasm' })]);
  });
});

describe('engine API concurrency', () => {
  // That ORT calls never overlap is checked with an instrumented runtime in api.fakeOrt.test.ts.
  it('concurrent loads and runs of several models each get their own results', async () => {
    const api = new Engine(getOrt, undefined);
    const [a, b] = await Promise.all([
      api.loadModel(spec('a', 'lvm_k5_d16.onnx'), ctx()),
      api.loadModel(spec('b', 'fixed_batch1.onnx'), ctx()),
    ]);
    expect([a.id, b.id]).toEqual(['a', 'b']);
    const runs = await Promise.all([
      api.predict('a', windows(200), 200, {}, ctx()),
      api.predict('b', windows(5), 5, {}, ctx()),
      api.predict('a', window(1), 1, {}, ctx()),
    ]);
    expect(maxAbsDiff(runs[0].prediction, expected(200))).toBeLessThan(1e-4);
    expect(maxAbsDiff(runs[1].prediction, expected(5))).toBeLessThan(1e-4);
    expect(maxAbsDiff(runs[2].prediction, ref.prediction.slice(16, 32))).toBeLessThan(1e-4);
  });
});
