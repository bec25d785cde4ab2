/**
 * Times one model on the WASM execution provider of one onnxruntime-web build: the plain WASM
 * build the app uses for WASM sessions, or the WebGPU/WebNN (JSEP, Asyncify) build. Same loop and
 * session options as the app's benchmark (src/engine/benchCore.ts, src/engine/sessionOptions.ts).
 */
import * as ortJsep from 'onnxruntime-web';
import jsepMjs from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import jsepWasm from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import plainMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import plainWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import * as ortPlain from 'onnxruntime-web/wasm';
import { benchModel, DEFAULT_PLAN, type ModelBenchResult } from '../src/engine/benchCore';
import { sessionOptions } from '../src/engine/sessionOptions';

export interface BuildBenchConfig {
  build: 'plain' | 'jsep';
  threads: number;
  modelUrl: string;
  batches: number[];
  budgetMs: number;
}
export type BuildBenchResult = ModelBenchResult;

self.onmessage = async (e: MessageEvent<BuildBenchConfig>) => {
  const { build, threads, modelUrl, batches, budgetMs } = e.data;
  try {
    const ort = build === 'jsep' ? ortJsep : ortPlain;
    const [mjs, wasm] = build === 'jsep' ? [jsepMjs, jsepWasm] : [plainMjs, plainWasm];
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false;
    ort.env.wasm.wasmPaths = {
      mjs: new URL(mjs, self.location.href).href,
      wasm: new URL(wasm, self.location.href).href,
    };
    const res = await fetch(modelUrl);
    if (!res.ok) throw new Error(`${modelUrl}: HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const result = await benchModel(
      ort,
      bytes,
      sessionOptions('wasm'),
      { k: 5, d: 384 },
      { ...DEFAULT_PLAN, batches, budgetMs },
      { now: () => performance.now() },
    );
    self.postMessage(result);
  } catch (err) {
    self.postMessage({ error: (err as Error).message });
  }
};
