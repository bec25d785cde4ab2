/**
 * A stand-in onnxruntime-web for engine tests, injected through `ortFor`. Its sessions are a tiny
 * LVM ([n, K, D] -> the last window row, [n, D]); every create/run/release waits a real timer and
 * counts how many ORT calls are in flight at once.
 */
import type { OrtFor } from '../engine/ort';

export interface FakeOrtOptions {
  k?: number;
  dim?: number;
  /** fail WebGPU sessions created with CPU fallback disabled, as PyTorch exports with shape nodes do */
  strictWebgpuFails?: boolean;
}

class FakeTensor {
  constructor(
    readonly type: string,
    readonly data: Float32Array,
    readonly dims: readonly number[],
  ) {}
  dispose(): void {}
}

interface FakeOptions {
  executionProviders?: (string | { name: string })[];
  extra?: { session?: Record<string, string> };
}

/** A fake ORT module and what it saw. */
export function fakeOrt({ k = 5, dim = 16, strictWebgpuFails = false }: FakeOrtOptions = {}) {
  const stats = { inFlight: 0, maxInFlight: 0, calls: 0, created: [] as string[] };
  // Each call yields to a real timer, so calls the engine lets overlap do overlap.
  async function call<T>(fn: () => T): Promise<T> {
    stats.calls++;
    stats.maxInFlight = Math.max(stats.maxInFlight, ++stats.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return fn();
    } finally {
      stats.inFlight--;
    }
  }
  let loseDevice: (info: { message: string }) => void = () => undefined;
  const device = {
    lost: new Promise<{ message: string }>((resolve) => (loseDevice = resolve)),
    destroy: () => loseDevice({ message: 'destroyed' }),
  };
  const session = () => ({
    inputMetadata: [
      { name: 'contexts', isTensor: true, type: 'float32', shape: ['batch', k, dim] },
    ],
    outputMetadata: [
      { name: 'prediction', isTensor: true, type: 'float32', shape: ['batch', dim] },
    ],
    run: (feeds: Record<string, FakeTensor>) =>
      call(() => {
        const x = feeds.contexts;
        const n = x.dims[0];
        const out = new Float32Array(n * dim);
        for (let i = 0; i < n; i++)
          out.set(x.data.subarray((i * k + k - 1) * dim, (i * k + k) * dim), i * dim);
        return { prediction: new FakeTensor('float32', out, [n, dim]) };
      }),
    release: () => call(() => undefined),
  });
  const module = {
    env: { wasm: { numThreads: 1 }, webgpu: { device: Promise.resolve(device) } },
    Tensor: FakeTensor,
    InferenceSession: {
      create: (_bytes: Uint8Array, options: FakeOptions) =>
        call(() => {
          const first = options.executionProviders?.[0] ?? 'wasm';
          const ep = typeof first === 'string' ? first : first.name;
          const strict = options.extra?.session?.disable_cpu_ep_fallback === '1';
          if (ep === 'webgpu' && strict && strictWebgpuFails) {
            throw new Error('Some nodes are assigned to the CPU EP, but fallback is disabled');
          }
          stats.created.push(`${ep}${ep !== 'wasm' && !strict ? ' (relaxed)' : ''}`);
          return session();
        }),
    },
  };
  return { ortFor: (() => module) as unknown as OrtFor, stats };
}
