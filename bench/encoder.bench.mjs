// Sentence-encoder benchmark: embeds N shipped sentences (default 100) with the app's encoder code
// (src/engine/encoderCore.ts: JS tokenizer + public/encoder/model.onnx) on onnxruntime-web WASM in
// Node (one thread by default), after one warm-up call. Adds its entry to bench/results/encoder.json.
// Run: node bench/encoder.bench.mjs [--n 100] [--runs 3] [--threads 1|2] [--quick] [--out FILE]
// --quick makes one run (bench/run.bench.mjs uses it).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createServer } from 'vite';
import { argReader } from './args.mjs';

const args = process.argv.slice(2);
const arg = argReader(args);
const n = Number(arg('n', 100));
const runs = args.includes('--quick') ? 1 : Number(arg('runs', 3));
const threads = Number(arg('threads', 1));

// Vite's SSR loader runs the TypeScript sources as they are, without a build.
const vite = await createServer({
  configFile: 'vite.config.ts',
  server: { middlewareMode: true },
  logLevel: 'warn',
});
const { getOrt } = await vite.ssrLoadModule('/src/engine/ort.ts');
getOrt('wasm').env.wasm.numThreads = threads;
const { SentenceEncoder } = await vite.ssrLoadModule('/src/engine/encoderCore.ts');
const { readEncoderFiles } = await vite.ssrLoadModule('/src/engine/encoderNode.ts');

const data = JSON.parse(readFileSync('public/data/dataset.json', 'utf8'));
const texts = JSON.parse(readFileSync(`public/data/${data.splits.ood.sentences}`, 'utf8')).texts;
const step = Math.floor(texts.length / n);
const sentences = Array.from({ length: n }, (_, i) => texts[i * step]);

const loadBefore = loadavg()[0];
const t0 = performance.now();
const encoder = await SentenceEncoder.create(
  getOrt,
  readEncoderFiles(new URL('../public/encoder/', import.meta.url)),
);
const createMs = performance.now() - t0;
const timesMs = [];
const cpuMs = [];
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  const c = process.cpuUsage();
  await encoder.embed(sentences);
  timesMs.push(performance.now() - t);
  const used = process.cpuUsage(c);
  cpuMs.push((used.user + used.system) / 1000);
}
const tokens = encoder.tokenCounts(sentences);
const result = {
  what: `embed ${n} shipped OOD sentences (every ${step}th), batches of length-sorted sentences`,
  runtime: `onnxruntime-web ${getOrt().env.versions.web} WASM in Node ${process.version}, ${threads} thread(s)`,
  model: { file: 'public/encoder/model.onnx', bytes: encoder.info.bytes },
  tokens: { mean: tokens.reduce((a, b) => a + b, 0) / n, max: Math.max(...tokens) },
  sessionCreateMs: Math.round(createMs),
  timesMs: timesMs.map(Math.round),
  // CPU time of the process: what the run costs without the other jobs sharing this machine
  cpuMs: cpuMs.map(Math.round),
  bestMs: Math.round(Math.min(...timesMs)),
  medianMs: Math.round([...timesMs].sort((a, b) => a - b)[Math.floor(runs / 2)]),
  targetMs: 2000,
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    loadavg1Before: loadBefore,
    loadavg1After: loadavg()[0],
  },
  date: new Date().toISOString(),
};
mkdirSync('bench/results', { recursive: true });
// One entry per thread count (ORT fixes its thread pool per process, so each count is its own run).
const file = arg('out', 'bench/results/encoder.json');
const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
all[`wasm-node-${threads}-thread${threads === 1 ? '' : 's'}`] = result;
writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
await vite.close();
