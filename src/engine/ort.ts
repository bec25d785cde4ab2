import * as ort from 'onnxruntime-web';
// `?url` makes Vite serve (dev) or emit (build) ORT's glue and binary as files on our own origin.
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

let configured = false;

/** True in a browser window or worker; false in Node (where ORT finds its files itself). */
function inBrowser(): boolean {
  return typeof document !== 'undefined' || typeof WorkerGlobalScope !== 'undefined';
}

/**
 * The one onnxruntime-web instance, configured once per worker: threads only when
 * cross-origin isolated (SharedArrayBuffer), runtime files from our own origin.
 *
 * Why explicit paths: the default build embeds the glue and resolves the .wasm relative to the
 * bundle's own URL; once Vite bundles ORT into a worker chunk, pthread workers would start that
 * chunk (our worker code) instead of ORT's glue. Pointing ORT at the separate glue file avoids it.
 */
export function getOrt(): typeof ort {
  if (!configured) {
    const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
    const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
    ort.env.wasm.numThreads = isolated ? Math.min(cores, 4) : 1;
    ort.env.wasm.simd = true;
    // Our engines already run in workers; ORT's own proxy worker would add a hop and a copy.
    ort.env.wasm.proxy = false;
    if (inBrowser()) {
      const base = self.location.href;
      ort.env.wasm.wasmPaths = {
        mjs: new URL(ortMjsUrl, base).href,
        wasm: new URL(ortWasmUrl, base).href,
      };
    }
    // Warnings (e.g. node placement notes) are not errors; keep the console for real problems.
    ort.env.logLevel = 'error';
    configured = true;
  }
  return ort;
}
