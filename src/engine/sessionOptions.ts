import type { InferenceSession } from 'onnxruntime-web';
import type { Backend } from './types';

/**
 * The options every model session is created with, in the app and in the benchmark (so the
 * benchmark times the app's calls).
 *
 * WASM: onnxruntime-web turns the CPU arena and memory patterns off unless asked, so every
 * intermediate tensor is a fresh malloc/free in the WASM heap; native onnxruntime has both on by
 * default (bench/native.bench.mjs spells them out), so the comparison is like for like.
 * WebGPU/WebNN: fail loudly instead of silently running unsupported nodes on CPU kernels.
 */
export function sessionOptions(backend: Backend): InferenceSession.SessionOptions {
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
    extra: { session: { disable_cpu_ep_fallback: '1' } },
    // The refusal comes back as an error (and becomes a notice); don't also log it (4 = fatal).
    logSeverityLevel: 4,
  };
}
