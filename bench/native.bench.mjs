// Native baseline for bench/run.bench.mjs: times the shipped models on onnxruntime-node's CPU
// execution provider with the same loop as the browser (src/engine/benchCore.ts, loaded through
// Vite's SSR loader) and prints one RuntimeResult as JSON on stdout. A process of its own, so its
// peak RSS is the runtime's.
// Run: node bench/native.bench.mjs --threads 2 [--plan '{"budgetMs":1500}'] [--models amn,gru]
import { readFileSync } from 'node:fs';
import { resourceUsage } from 'node:process';
import { createServer } from 'vite';
import { argReader } from './args.mjs';

const args = process.argv.slice(2);
const arg = argReader(args);
const threads = Number(arg('threads', 1));
const planPatch = JSON.parse(arg('plan', '{}'));
const only = arg('models', '');

const ort = await import('onnxruntime-node');
const vite = await createServer({
  configFile: 'vite.config.ts',
  server: { middlewareMode: true },
  optimizeDeps: { noDiscovery: true },
  logLevel: 'warn',
});
const { benchModel, DEFAULT_PLAN } = await vite.ssrLoadModule('/src/engine/benchCore.ts');
const plan = { ...DEFAULT_PLAN, ...planPatch };
const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8'));
const models = manifest.models.filter((m) => !only || only.split(',').includes(m.id));

const baselineKiB = resourceUsage().maxRSS;
const result = {
  id: `native-${threads}`,
  label: `onnxruntime-node ${ort.env.versions.node ?? ''} CPU ${threads} thread${threads === 1 ? '' : 's'}`,
  status: 'ok',
  models: {},
};
for (const m of models) {
  process.stderr.write(`[native ${threads}t] ${m.id}\n`);
  const bytes = new Uint8Array(readFileSync(`public/models/${m.file}`));
  try {
    result.models[m.id] = await benchModel(
      ort,
      bytes,
      {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        // onnxruntime's defaults, spelled out: the browser sessions turn them on too
        enableCpuMemArena: true,
        enableMemPattern: true,
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
      },
      { k: m.K, d: m.D },
      plan,
      { now: () => performance.now() },
    );
  } catch (e) {
    result.models[m.id] = { error: String(e?.message ?? e).split('\n')[0] };
  }
}
const peakKiB = resourceUsage().maxRSS;
result.memory = {
  bytes: peakKiB * 1024,
  what: `peak RSS of the Node process (${(baselineKiB / 1024).toFixed(0)} MiB before any session: Node + Vite's loader)`,
};
await vite.close();
process.stdout.write(JSON.stringify(result) + '\n');
