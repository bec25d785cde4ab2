import type { InferenceSession } from 'onnxruntime-web';
import type { OrtModule } from './ort';
import type { Backend } from './types';

/**
 * The options every model session is created with, in the app and in the benchmark (so the
 * benchmark times the app's calls).
 *
 * WASM: onnxruntime-web turns the CPU arena and memory patterns off unless asked, so every
 * intermediate tensor is a fresh malloc/free in the WASM heap; native onnxruntime has both on by
 * default (bench/native.bench.mjs spells them out), so the comparison is like for like.
 * WebGPU/WebNN: strict by default, failing loudly instead of silently running unsupported nodes on
 * CPU kernels. `strict = false` allows CPU placement (see mayRelaxPlacement).
 */
export function sessionOptions(backend: Backend, strict = true): InferenceSession.SessionOptions {
  if (backend === 'wasm') {
    return {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
      enableCpuMemArena: true,
      enableMemPattern: true,
    };
  }
  return {
    executionProviders: [backend === 'webgpu' ? 'webgpu' : { name: 'webnn', deviceType: 'gpu' }],
    graphOptimizationLevel: 'all',
    ...(strict ? { extra: { session: { disable_cpu_ep_fallback: '1' } } } : {}),
    // A refusal comes back as an error and a relaxed placement as a notice; don't also log them
    // (4 = fatal only).
    logSeverityLevel: 4,
  };
}

/**
 * Whether a model whose strict session failed on `backend` gets a second one with CPU placement
 * allowed. Only user models on WebGPU: a PyTorch export carries shape-computation nodes that
 * onnxruntime places on the CPU by design, so strict mode would keep it off WebGPU for good. Shipped
 * models are exported to run wholly on WebGPU, so for them a strict failure is a real one.
 */
export function mayRelaxPlacement(backend: Backend, source: 'shipped' | 'user'): boolean {
  return backend === 'webgpu' && source === 'user';
}

/** How a model's nodes may be placed: its source decides; `relaxed` is set once that happened. */
export interface Placement {
  source: 'shipped' | 'user';
  /** the notice to show once a WebGPU session runs with CPU placement allowed */
  relaxed?: string;
}

/**
 * A session with the app's options: strict placement first; where mayRelaxPlacement allows, a
 * failed strict session is retried with CPU placement allowed, and `placement.relaxed` says so.
 */
export async function createSession(
  ort: OrtModule,
  bytes: Uint8Array,
  backend: Backend,
  placement: Placement,
): Promise<InferenceSession> {
  const create = (strict: boolean) =>
    ort.InferenceSession.create(bytes, sessionOptions(backend, strict));
  try {
    return await create(true);
  } catch (e) {
    if (!mayRelaxPlacement(backend, placement.source)) throw e;
    const session = await create(false);
    // onnxruntime-web does not report how many nodes it placed on the CPU, so no count here.
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    placement.relaxed = `WebGPU, some nodes on CPU (strict WebGPU placement failed: ${why})`;
    return session;
  }
}
