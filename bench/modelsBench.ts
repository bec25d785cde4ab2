/**
 * The page half of bench/run.bench.mjs: runs the Bench view's browser benchmark
 * (src/features/bench/runBrowserBench.ts) on the shipped models. Exposed as window.runModelBench;
 * progress goes to the console, which the driver prints.
 */
import type { BenchPlan } from '../src/engine/benchCore';
import { runBrowserBench, type BrowserBenchReport } from '../src/features/bench/runBrowserBench';

interface Manifest {
  models: { id: string; file: string; K: number; D: number }[];
}

declare global {
  interface Window {
    runModelBench: (config: {
      plan?: Partial<BenchPlan>;
      models?: string[];
    }) => Promise<BrowserBenchReport>;
  }
}

window.runModelBench = async (config) => {
  const manifest = (await (await fetch('/models/manifest.json')).json()) as Manifest;
  const models = manifest.models
    .filter((m) => !config.models || config.models.includes(m.id))
    .map((m) => ({ id: m.id, url: `/models/${m.file}`, k: m.K, dim: m.D }));
  let last = '';
  return runBrowserBench({
    models,
    plan: config.plan,
    onProgress: (_f, label) => {
      const head = label.split(' · batch')[0];
      if (head !== last) console.log(`[browser] ${head}`);
      last = head;
    },
  });
};
document.getElementById('status')!.textContent = 'ready';
