import * as ort from 'onnxruntime-web';

let configured = false;

/** The one onnxruntime-web instance, configured once per worker: threads only when isolated. */
export function getOrt(): typeof ort {
  if (!configured) {
    const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
    const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
    ort.env.wasm.numThreads = isolated ? Math.min(cores, 4) : 1;
    ort.env.wasm.simd = true;
    configured = true;
  }
  return ort;
}
