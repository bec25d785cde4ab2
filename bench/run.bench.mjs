// `npm run bench`: the shipped models measured side by side on this machine, in one run —
// onnxruntime-web in headless Chromium (WASM 1 thread and all cores, WebGPU, WebNN; the Bench
// view's code, bench/models.html), onnxruntime-node on the CPU (bench/native.bench.mjs) and
// PyTorch eager (bench/torch_bench.py) — then the UMAP, evaluation and encoder benchmarks.
// Writes bench/results/latest.json and bench/results/latest.md.
// Run: node bench/run.bench.mjs [--quick] [--rounds N] [--skip-extras] [--models amn,gru] [--map-1m]
//      [--budget-ms N]; --quick: 1 round unless --rounds says otherwise, 0.5 s and at least 5 runs
// per batch size, quick UMAP/evaluation/encoder runs; without it 3 rounds, 2 s and at least 10
// runs each. With several rounds every figure is the median over rounds. `npm run bench` is
// `--quick --rounds 3`: 20 minutes here.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { argReader } from './args.mjs';

const args = process.argv.slice(2);
const arg = argReader(args);
const quick = args.includes('--quick');
const skipExtras = args.includes('--skip-extras');
const models = arg('models', '');
const plan = {
  budgetMs: Number(arg('budget-ms', quick ? 500 : 2000)),
  minRuns: quick ? 5 : 10,
};
const roundCount = Number(arg('rounds', quick ? 1 : 3));
const python = process.env.PYTHON ?? 'python3';
const started = performance.now();
const cores = cpus().length;
const loads = [];
const markLoad = (phase) =>
  loads.push({ phase, load1: loadavg()[0], at: new Date().toISOString() });

/** Runs a command, streams its stderr, returns its stdout (rejects on a non-zero exit). */
function run(cmd, argv, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}`)),
    );
  });
}
const lastJsonLine = (text) => JSON.parse(text.trim().split('\n').at(-1));

/** onnxruntime-node stays out of the default install; the bench adds it (no postinstall: CPU only). */
async function ensureOrtNode() {
  const bin = `node_modules/onnxruntime-node/bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`;
  if (!existsSync(bin)) {
    console.log('installing onnxruntime-node@1.30.0 (--no-save, install script skipped)');
    await run('npm', ['install', '--no-save', 'onnxruntime-node@1.30.0'], {
      ONNXRUNTIME_NODE_INSTALL: 'skip',
    });
  }
  if (!existsSync(bin)) throw new Error(`onnxruntime-node has no CPU binary at ${bin}`);
  return bin;
}

function machine() {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return { cpu: model, cores, ramGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version };
}

markLoad('start');
const bin = await ensureOrtNode();
const vite = await createServer({
  configFile: 'vite.config.ts',
  server: { port: 5292, strictPort: false, host: '127.0.0.1' },
  logLevel: 'warn',
});
await vite.listen();
const base = vite.resolvedUrls.local[0];
const table = await vite.ssrLoadModule('/src/features/bench/benchTable.ts');
// The whole plan, defaults included: every runtime gets it, and latest.json records it.
Object.assign(plan, {
  ...(await vite.ssrLoadModule('/src/engine/benchCore.ts')).DEFAULT_PLAN,
  ...plan,
});
const { chromiumLaunchOptions } = await vite.ssrLoadModule('/e2e/browser.ts');
const modelArgs = models ? ['--models', models] : [];
const threadCounts = [...new Set([1, cores])];
/** What the native and PyTorch scripts get: thread count, the whole plan, the model filter. */
const runtimeArgs = (t) => ['--threads', String(t), '--plan', JSON.stringify(plan), ...modelArgs];
let chromiumVersion = '';
let browserEnv;

/** One round: native, browser, PyTorch. The ratios compare runs minutes apart, so the load
 * average is recorded around each phase, and several rounds can be merged by their medians. */
async function measureRound(round) {
  const results = [];
  for (const t of threadCounts) {
    markLoad(`r${round} native ${t}t`);
    const out = await run('node', ['bench/native.bench.mjs', ...runtimeArgs(t)]);
    results.push(lastJsonLine(out));
  }
  markLoad(`r${round} browser`);
  const browser = await chromium.launch(chromiumLaunchOptions());
  chromiumVersion = browser.version();
  try {
    const page = await browser.newPage();
    page.on('console', (m) => m.text().startsWith('[browser]') && console.error(m.text()));
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${base}bench/models.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const report = await page.evaluate((config) => window.runModelBench(config), {
      plan,
      models: models ? models.split(',') : undefined,
    });
    browserEnv = report.environment;
    results.push(...report.results);
  } finally {
    await browser.close();
  }
  for (const t of threadCounts) {
    markLoad(`r${round} torch ${t}t`);
    try {
      const out = await run(python, ['bench/torch_bench.py', ...runtimeArgs(t)]);
      results.push(lastJsonLine(out));
    } catch (e) {
      results.push({
        id: `torch-${t}`,
        label: `PyTorch eager CPU ${t} threads`,
        status: 'not measured',
        note: e.message,
        models: {},
      });
    }
  }
  return results;
}

const rounds = [];
for (let r = 1; r <= roundCount; r++) {
  console.log(`round ${r}/${roundCount}`);
  rounds.push(await measureRound(r));
}
markLoad('models done');
await vite.close();

// The other benchmarks, each its own script, results kept beside latest.json.
const extras = {};
if (!skipExtras) {
  mkdirSync('bench/results/latest', { recursive: true });
  const q = quick ? ['--quick'] : [];
  const extra = async (name, argv, file) => {
    markLoad(name);
    try {
      await run('node', [...argv, ...q, '--out', file]);
      extras[name] = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      extras[name] = { error: e.message };
    }
  };
  for (const n of [2000, 5000, 10000])
    await extra(
      `umap-${n}`,
      ['bench/umap.bench.mjs', '--n', String(n)],
      `bench/results/latest/umap-${n}.json`,
    );
  await extra('evaluate', ['bench/evaluate.bench.mjs'], 'bench/results/latest/evaluate.json');
  await extra(
    'encoder',
    ['bench/encoder.bench.mjs', '--threads', String(cores)],
    'bench/results/latest/encoder.json',
  );
  // Scale: Compare at 20k windows and a 640k float16 bank against a native reference, a ratio per
  // run paired in time; as many runs as model rounds (medians).
  markLoad('scale');
  try {
    await run('node', [
      'bench/scale.bench.mjs',
      '--runs',
      String(roundCount),
      '--out',
      'bench/results/latest/scale.json',
    ]);
    extras.scale = JSON.parse(readFileSync('bench/results/latest/scale.json', 'utf8'));
  } catch (e) {
    extras.scale = { error: e.message };
  }
  // The rank step alone (bench/rank.bench.mjs): the app's WebAssembly rank kernel against a
  // numpy/OpenBLAS brute force on the OOD split, stream20k and the 640k float16 bank, same inputs.
  markLoad('rank');
  try {
    await run('node', [
      'bench/rank.bench.mjs',
      '--rounds',
      String(roundCount),
      '--out',
      'bench/results/latest/rank.json',
    ]);
    extras.rank = JSON.parse(readFileSync('bench/results/latest/rank.json', 'utf8'));
  } catch (e) {
    extras.rank = { error: e.message };
  }
  // The Map at research scale (bench/mapScale.bench.mjs): exact vs approximate kNN at several
  // sizes, then the Map's layout of 100,000 stream points against umap-learn on the same points,
  // 10-NN kept scored the same way for both; --map-1m adds the 1,000,000-point layout.
  markLoad('map-scale');
  for (const [name, argv] of [
    ['mapScale-crossover', ['crossover', '--n', '100000', '--sizes', '5000,10000,20000,40000']],
    ['mapScale-layout-100000', ['layout', '--n', '100000', '--umap']],
    ...(args.includes('--map-1m')
      ? [['mapScale-layout-1000000', ['layout', '--n', '1000000']]]
      : []),
  ]) {
    const file = `bench/results/latest/${name}.json`;
    try {
      const n = argv[2];
      if (!existsSync(`bench/.data/points-${n}.f32`))
        await run(python, ['bench/make_map_points.py', '--n', n]);
      await run('node', ['bench/mapScale.bench.mjs', ...argv, '--out', file]);
      extras[name] = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      extras[name] = { error: e.message };
    }
  }
  // Drawing the Map at 100,000 and 1,000,000 points: frames and long tasks while the real mouse
  // pans, zooms and hovers (bench/mapDraw.bench.mjs).
  await extra('mapDraw', ['bench/mapDraw.bench.mjs'], 'bench/results/latest/mapDraw.json');
  markLoad('umap-learn');
  extras['umap-learn'] = { rows: [] };
  for (const n of [2000, 5000, 10000]) {
    try {
      const r = lastJsonLine(await run(python, ['bench/umap_learn_bench.py', '--n', String(n)]));
      if (r.status !== 'ok') {
        extras['umap-learn'] = { note: `${r.status} (${r.note}); skipped` };
        break;
      }
      extras['umap-learn'].rows.push(r);
    } catch (e) {
      extras['umap-learn'].rows.push({ n, status: 'failed', note: e.message });
    }
  }
}
markLoad('end');

const wallS = (performance.now() - started) / 1000;
const baseline = `native-${cores}`;
const results = rounds[0].map((r) => ({
  ...r,
  memory: rounds
    .map((round) => round.find((x) => x.id === r.id)?.memory)
    .reduce((a, m) => (m && (!a || m.bytes > a.bytes) ? m : a), undefined),
}));
const rows = table.medianRows(rounds.map((round) => table.summaryRows(round, baseline)));
const wasmIds = results.filter((r) => r.id.startsWith('wasm-')).map((r) => r.id);
const targets = table.matchedTargets(rounds, wasmIds);
const command = `node bench/run.bench.mjs${args.length ? ` ${args.join(' ')}` : ''}`;
const latest = {
  date: new Date().toISOString(),
  command,
  wallSeconds: +wallS.toFixed(1),
  machine: machine(),
  chromium: chromiumVersion,
  browser: browserEnv,
  ortNodeBinary: bin,
  loadAverage1m: loads,
  plan,
  baseline,
  rounds: rounds.length,
  results,
  roundResults: rounds.slice(1),
  summary: rows,
  targets,
  extras,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(latest, null, 2) + '\n');
writeFileSync(
  'bench/results/latest.md',
  (await import('./latestMd.mjs')).latestMarkdown(latest, table),
);
console.log(`\nwrote bench/results/latest.json and latest.md in ${wallS.toFixed(0)} s`);
console.log(readdirSync('bench/results').join(' '));
