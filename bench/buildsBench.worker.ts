/**
 * Times one model on the WASM execution provider of one onnxruntime-web build: the plain WASM
 * build the app uses for WASM sessions, or the WebGPU/WebNN (JSEP, Asyncify) build. Same loop and
 * session options as the app's benchmark (src/engine/benchCore.ts, src/engine/sessionOptions.ts).
 */
import { benchModel, DEFAULT_PLAN, type ModelBenchResult } from '../src/engine/benchCore';
import { getOrt } from '../src/engine/ort';
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
    // The app's two builds as the app configures them; the JSEP one is the WebGPU backend's.
    const ort = getOrt(build === 'jsep' ? 'webgpu' : 'wasm');
    ort.env.wasm.numThreads = threads;
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
