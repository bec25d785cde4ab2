// In a browser: the build with WebGPU and WebNN (JSEP). In Node: the plain WASM build.
import * as ortDefault from 'onnxruntime-web';
// The plain WASM build, for browsers.
import * as ortWasm from 'onnxruntime-web/wasm';
// `?url` makes Vite serve (dev) or emit (build) ORT's glue and binaries as files on our own origin.
import gpuMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import gpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import cpuMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import cpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { Backend } from './types';

export type OrtModule = typeof ortDefault;
/** The onnxruntime-web build that runs a backend's sessions (and makes their tensors). */
export type OrtFor = (backend: Backend) => OrtModule;

const configured = new Set<OrtModule>();

/**
 * True in a browser window or worker; false in Node, where ORT finds its files itself (also under
 * jsdom, which has a `document` but loads ORT's files from disk like any Node program).
 */
function inBrowser(): boolean {
  if (typeof process !== 'undefined' && process.versions?.node) return false;
  return typeof document !== 'undefined' || typeof WorkerGlobalScope !== 'undefined';
}

function configure(ort: OrtModule, files: { mjs: string; wasm: string }): OrtModule {
  if (configured.has(ort)) return ort;
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  ort.env.wasm.numThreads = isolated ? Math.min(cores, 4) : 1;
  ort.env.wasm.simd = true;
  // Our engines already run in workers; ORT's own proxy worker would add a hop and a copy.
  ort.env.wasm.proxy = false;
  if (inBrowser()) {
    const base = self.location.href;
    ort.env.wasm.wasmPaths = {
      mjs: new URL(files.mjs, base).href,
      wasm: new URL(files.wasm, base).href,
    };
  }
  // Warnings (e.g. node placement notes) are not errors; keep the console for real problems.
  ort.env.logLevel = 'error';
  configured.add(ort);
  return ort;
}

/**
 * The onnxruntime-web instance for `backend`, configured once per worker: threads only when
 * cross-origin isolated (SharedArrayBuffer), runtime files from our own origin.
 *
 * Why two builds: the WebGPU/WebNN build (JSEP) is compiled with Asyncify, which slows every CPU
 * kernel and every call; the plain WASM build runs batch-1 calls 1.5–2.3x faster (docs/engine.md).
 * Each build is a separate module with its own heap, so a session only accepts tensors made by the
 * same build, and the GPU build's binary is fetched only when a WebGPU or WebNN session is made.
 * Node (tests, benchmarks) has one build, which runs the same plain WASM binary.
 *
 * Why explicit paths: the default build embeds the glue and resolves the .wasm relative to the
 * bundle's own URL; once Vite bundles ORT into a worker chunk, pthread workers would start that
 * chunk (our worker code) instead of ORT's glue. Pointing ORT at the separate glue file avoids it.
 */
export function getOrt(backend: Backend = 'wasm'): OrtModule {
  return backend === 'wasm' && inBrowser()
    ? configure(ortWasm, { mjs: cpuMjsUrl, wasm: cpuWasmUrl })
    : configure(ortDefault, { mjs: gpuMjsUrl, wasm: gpuWasmUrl });
}
