// The rank step alone (exact ranks and top 10 over a whole bank, docs/metrics.md): the app's
// WebAssembly kernel (src/engine/retrievalWasm.ts; relaxed and plain SIMD builds) in headless
// Chromium against the native numpy/OpenBLAS brute force (bench/rank_native.py run), same inputs,
// same run. Inputs come from `python bench/rank_native.py prepare`: the shipped OOD split, and
// stream20k / bank640k when scripts/make_scale_data.py has written them to bench/.data.
// Run: node bench/rank.bench.mjs [--quick] [--sets ood,stream20k,bank640k] [--limit N]
//      [--rounds N] [--out bench/results/rank.json]
// --quick: the OOD split only, one round (bench/run.bench.mjs uses it). Without --quick the scale
// sets are made first when missing (python scripts/make_scale_data.py stream20k / bank640k).
// Ratios pair each in-thread WASM run with native on 1 thread, and the app's path (the retrieval
// worker, one slice worker per core past 65,536 rows) with native on all cores.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { argReader, openBench } from './harness.mjs';

const args = process.argv.slice(2);
const arg = argReader(args);
const quick = args.includes('--quick');
const sets = arg('sets', quick ? 'ood' : 'ood,stream20k,bank640k').split(',');
const limit = arg('limit', '');
const rounds = Number(arg('rounds', quick ? 1 : 3));
const out = arg('out', 'bench/results/rank.json');
const python = process.env.PYTHON ?? 'python3';
const cores = cpus().length;
const dataDir = 'bench/tmp/rank';

// maxBuffer: the native run prints every window's rank and top-10 (a few MB for the 20k stream)
const py = (argv) =>
  execFileSync(python, argv, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 30,
  });
if (!quick)
  for (const set of ['stream20k', 'bank640k'])
    if (sets.includes(set) && !existsSync(`bench/.data/${set}${set === 'bank640k' ? '' : '.npz'}`))
      py(['scripts/make_scale_data.py', set, '--out', 'bench/.data']);
py([
  'bench/rank_native.py',
  'prepare',
  '--out',
  dataDir,
  '--sets',
  sets.join(','),
  ...(limit ? ['--limit', limit] : []),
]);
const dirs = readdirSync(dataDir)
  .filter((d) => sets.some((s) => d.startsWith(`${s}-`)))
  .sort();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadBefore = loadavg()[0];
const { base, browser, close } = await openBench(5293);
const rows = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const ready = () =>
    page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, {
      timeout: 120_000,
    });
  // Vite may re-optimise a dependency on first use and reload the page: wait and run again
  const runWasm = async (dir) => {
    for (let attempt = 0; ; attempt++)
      try {
        return await page.evaluate((d) => window.runRankBench([d]), dir);
      } catch (e) {
        if (attempt > 1 || !/context was destroyed|navigat/i.test(e.message)) throw e;
        await ready();
      }
  };
  await page.goto(`${base}bench/rank.html`);
  await ready();
  for (const dir of dirs) {
    const runs = [];
    for (let r = 0; r < rounds; r++) {
      const native1 = JSON.parse(
        py(['bench/rank_native.py', 'run', `${dataDir}/${dir}`, '--threads', '1']),
      );
      const nativeN = JSON.parse(
        py(['bench/rank_native.py', 'run', `${dataDir}/${dir}`, '--threads', String(cores)]),
      );
      const wasm = await runWasm(`/${dataDir}/${dir}`);
      runs.push({ native1, nativeN, wasm });
    }
    const last = runs.at(-1);
    const builds = last.wasm.map((w) => w.build);
    const row = {
      data: dir,
      n: last.native1.n,
      m: last.native1.m,
      d: last.native1.d,
      native1_s: median(runs.map((x) => x.native1.seconds)),
      nativeN_s: median(runs.map((x) => x.nativeN.seconds)),
      native_threads: cores,
    };
    row.native1_gflops = (2 * row.n * row.m * row.d) / row.native1_s / 1e9;
    for (const b of builds) {
      const pick = (x) => x.wasm.find((w) => w.build === b);
      row[`${b}_s`] = median(runs.map((x) => pick(x).searchMs / 1000));
      row[`${b}_setbank_s`] = median(runs.map((x) => pick(x).setBankMs / 1000));
      row[`${b}_gflops`] = (2 * row.n * row.m * row.d) / row[`${b}_s`] / 1e9;
      row[`${b}_vs_native1`] = median(runs.map((x) => pick(x).searchMs / 1000 / x.native1.seconds));
      row[`${b}_rescored`] = pick(last).rescored;
      row[`${b}_shared`] = pick(last).shared;
      // float32 products in numpy: a row within rounding of the target's score may count either way
      row[`${b}_ranks_equal_native`] = pick(last).ranks.filter(
        (v, i) => v === last.native1.ranks[i],
      ).length;
    }
    row.app_vs_nativeN = median(
      runs.map((x) => x.wasm.find((w) => w.build === 'app').searchMs / 1000 / x.nativeN.seconds),
    );
    const same = (a, b) =>
      JSON.stringify(a.ranks) === JSON.stringify(b.ranks) &&
      JSON.stringify(a.top10) === JSON.stringify(b.top10);
    const [r, p, app] = ['relaxed', 'simd', 'app'].map((k) => last.wasm.find((w) => w.build === k));
    if (r && p) row.relaxed_equals_simd = same(r, p);
    row.app_equals_thread = same(app, r ?? p);
    rows.push(row);
    const b = builds[0];
    console.log(
      `${dir}: n=${row.n} m=${row.m} d=${row.d}  native 1t ${row.native1_s.toFixed(3)} s, ${cores}t ${row.nativeN_s.toFixed(3)} s;` +
        ` wasm ${b} ${row[`${b}_s`].toFixed(3)} s (${row[`${b}_vs_native1`].toFixed(2)}x native 1t, ${row[`${b}_gflops`].toFixed(1)} GFLOP/s),` +
        ` app ${row.app_s.toFixed(3)} s (${row.app_vs_nativeN.toFixed(2)}x native ${cores}t),` +
        ` rescored ${(100 * row[`${b}_rescored`]).toFixed(3)}%,` +
        ` windows sharing a query ${(100 * row[`${b}_shared`]).toFixed(1)}%, ranks equal to native ${row[`${b}_ranks_equal_native`]}/${row.n}` +
        `; relaxed == simd: ${row.relaxed_equals_simd}; app == thread: ${row.app_equals_thread}`,
    );
  }
} finally {
  await close();
}
mkdirSync('bench/results', { recursive: true });
const result = {
  date: new Date().toISOString(),
  cpus: cores,
  rounds,
  loadavg: { before: loadBefore, after: loadavg()[0] },
  rows,
};
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${out}`);
