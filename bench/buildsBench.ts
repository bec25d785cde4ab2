/**
 * The page half of bench/builds.bench.mjs: times one model on one onnxruntime-web build in a fresh
 * worker (bench/buildsBench.worker.ts). Exposed as window.runBuildBench.
 */
import type { BuildBenchConfig, BuildBenchResult } from './buildsBench.worker';

declare global {
  interface Window {
    runBuildBench: (config: BuildBenchConfig) => Promise<BuildBenchResult>;
  }
}

window.runBuildBench = (config) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./buildsBench.worker.ts', import.meta.url), {
      type: 'module',
    });
    const done = () => worker.terminate();
    worker.onmessage = (e: MessageEvent<BuildBenchResult | { error: string }>) => {
      done();
      if ('error' in e.data) reject(new Error(e.data.error));
      else resolve(e.data);
    };
    worker.onerror = (e) => {
      done();
      reject(new Error(e.message));
    };
    worker.postMessage(config);
  });
document.getElementById('status')!.textContent = 'ready';
