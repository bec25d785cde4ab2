// Scale benchmark: Compare at scale in the app (headless Chromium, the app's own code and UI) against
// a native reference doing the same work (bench/native_eval.py: onnxruntime + numpy/OpenBLAS, same
// thread count), run after run in the same session so the ratio compares like with like.
//   compare20k: bench/.data/stream20k.npz (16,665 windows, the shipped models + baselines)
//   bank640k:   bench/.data/bank640k/ (4,000 windows of 768-D against a 640k x 768 float16 bank)
// The data comes from scripts/make_scale_data.py (made here when missing). Speed measurement off.
// Per run: the app's "evaluated in X s" (evaluate() wall time), its per-predictor predict/rank
// times, when the first partial result showed, the page's memory (measureUserAgentSpecificMemory,
// workers included); the native script's work time (load excluded) and its breakdown; the GFLOP/s
// each side's inference reached (bench/model_flops.py: MatMul/Gemm work per window) and its ranks'.
// Run: node bench/scale.bench.mjs [--only compare20k,bank640k] [--runs 3] [--quick] [--out FILE]
//      [--data DIR] (default bench/.data; a smaller set made with make_scale_data's functions works too)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { argReader, openBench } from './harness.mjs';

const args = process.argv.slice(2);
const arg = argReader(args);
const runs = Number(arg('runs', args.includes('--quick') ? 1 : 3));
const only = arg('only', 'compare20k,bank640k').split(',');
const outFile = arg('out', 'bench/results/scale.json');
const python = process.env.PYTHON ?? 'python3';
const threads = cpus().length;
const dataDir = arg('data', 'bench/.data');
// --load-only: load each case's files, pick the dataset, open Compare and stop there (memory check)
const loadOnly = args.includes('--load-only');

const CASES = {
  compare20k: {
    make: 'stream20k',
    files: [`${dataDir}/stream20k.npz`],
    name: 'stream20k.npz',
    target: 3, // issue 24: Compare on the 20k stream end to end
  },
  bank640k: {
    make: 'bank640k',
    files: ['contexts', 'targets', 'bank'].map((f) => `${dataDir}/bank640k/${f}.npy`),
    name: 'contexts.npy',
    native: `${dataDir}/bank640k`,
    target: 2,
  },
};

function run(cmd, argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}`)),
    );
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function native(c) {
  const out = await run(python, [
    'bench/native_eval.py',
    '--data',
    c.native ?? c.files[0],
    '--threads',
    String(threads),
  ]);
  return JSON.parse(out.trim().split('\n').at(-1));
}

/** The page's memory, workers included (measureUserAgentSpecificMemory), or null. */
function pageMemory(page) {
  return page.evaluate(async () => {
    try {
      const m = await performance.measureUserAgentSpecificMemory();
      return {
        bytes: m.bytes,
        breakdown: m.breakdown
          .filter((b) => b.bytes > 1e6)
          .map((b) => ({
            bytes: b.bytes,
            types: b.types,
            scopes: b.attribution.map((a) => a.scope),
          })),
      };
    } catch {
      return null;
    }
  });
}

/**
 * Proportional set size of this bench's browser (its processes descended from this one; Linux
 * /proc, null elsewhere): memory shared between processes (a SharedArrayBuffer the page and its
 * workers all see) counts once, unlike measureUserAgentSpecificMemory, which gives each scope that
 * references it its whole size.
 */
function browserPss() {
  try {
    const parent = new Map();
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p)))
      try {
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after ')'
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // the process ended meanwhile
      }
    const ours = (pid) => {
      for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true;
      return false;
    };
    let kb = 0;
    const browser = (pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom');
    for (const pid of parent.keys())
      if (ours(pid) && browser(pid))
        try {
          const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
          kb += m ? Number(m[1]) : 0;
        } catch {
          // the process ended meanwhile
        }
    return kb * 1024;
  } catch {
    return null;
  }
}

/** One Compare run in the app: load the files in Data, pick them, run Compare without speed. */
async function app(browser, base, c) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  try {
    await page.goto(`${base}?view=data`);
    const t0 = Date.now();
    await page.getByLabel('Load vector files').setInputFiles(c.files);
    const row = page
      .getByRole('table', { name: 'Loaded datasets' })
      .locator('tbody tr', { hasText: c.name });
    await row.waitFor({ timeout: 600_000 });
    const loadS = (Date.now() - t0) / 1000;
    const picker = page.getByRole('combobox', { name: 'Dataset', exact: true });
    const option = picker.locator('option', { hasText: c.name });
    await picker.selectOption((await option.getAttribute('value')) ?? '');
    await page.getByRole('tab', { name: 'Compare' }).click();
    await page.getByLabel('measure speed').uncheck();
    // A split of up to 2,000 windows runs by itself when Compare opens (a small --data set)
    const button = page.getByRole('button', { name: 'Run evaluation' });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('button')].some(
          (b) => b.textContent === 'Run evaluation' && !b.disabled,
        ) ||
        /evaluated in|metrics over/.test(
          document.querySelector('.table-head h2')?.textContent ?? '',
        ) ||
        !!document.querySelector('[role="progressbar"]'),
      null,
      { timeout: 300_000 },
    );
    if (loadOnly) {
      // the bank reaches the retrieval worker when Compare opens: wait for it to settle
      await page.waitForTimeout(20_000);
      return { loadS, memoryBytes: await pageMemory(page), browserPssBytes: browserPss() };
    }
    const clicked = Date.now();
    if (await button.isVisible()) await button.click();
    let firstPartial = null;
    const partials = [];
    const head = page.locator('.table-head h2');
    for (;;) {
      const text = (await head.count()) ? await head.innerText() : '';
      if (/evaluated in/.test(text)) break;
      const m = /metrics over (\d+) of (\d+) windows/.exec(text);
      if (m && (!partials.length || partials.at(-1).n !== Number(m[1]))) {
        const at = (Date.now() - clicked) / 1000;
        firstPartial ??= at;
        partials.push({ n: Number(m[1]), of: Number(m[2]), at: +at.toFixed(1) });
      }
      if (Date.now() - clicked > 3_600_000) throw new Error('Compare did not finish in an hour');
      await page.waitForTimeout(500);
    }
    const text = await head.innerText();
    const detail = await page.evaluate(async () => {
      const { listJobs } = await import('/src/jobs/runner.ts');
      const job = listJobs().find((j) => j.slot === 'compare' && j.status === 'done');
      const evaluation = job?.result?.evaluation;
      return {
        entries: (evaluation?.entries ?? []).map((e) => ({
          id: e.id,
          predictMs: Math.round(e.predictMs),
          rankMs: Math.round(e.rankMs),
          mrr: e.summary.mrr,
          hit1: e.summary.hit1,
        })),
      };
    });
    return {
      // per scope: a SharedArrayBuffer counts in full in every scope that holds it (the float16
      // bank: the page, the parse, retrieval and pool workers), so the sum overstates it
      memory: await pageMemory(page),
      browserPssBytes: browserPss(),
      seconds: Number(/evaluated in ([\d.]+) s/.exec(text)[1]),
      windows: Number(/(\d+) windows/.exec(text)[1]),
      loadS,
      firstPartialS: firstPartial,
      partials,
      ...detail,
    };
  } finally {
    await page.close();
  }
}

const out = { date: new Date().toISOString(), threads, cpus: cpus()[0]?.model, cases: {} };
/** Written after every run, so a long session that is stopped keeps the runs it finished. */
function save() {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(outFile, JSON.stringify(out, null, 2) + '\n');
}
const summarise = (rows, target) => ({
  runs: rows,
  median: {
    appS: median(rows.map((x) => x.app.seconds)),
    nativeS: median(rows.map((x) => x.native.work_s)),
    ratio: median(rows.map((x) => x.ratio)),
  },
  target: `<= ${target}x native`,
  met: median(rows.map((x) => x.ratio)) <= target,
});

/** MatMul/Gemm FLOPs per window of each shipped model (bench/model_flops.py). */
const modelFlops = JSON.parse((await run(python, ['bench/model_flops.py'])).trim());

/**
 * Inference and ranks apart, each side: seconds and the GFLOP/s reached (a model's FLOPs per
 * window × windows; a rank pass's 2·n·m·d per predictor, whatever the kernel skips).
 */
function split(web, nat) {
  const [m, d] = nat.bank;
  const models = web.entries.filter((e) => modelFlops[e.id] !== undefined);
  const gflops = (flops, s) => +(flops / s / 1e9).toFixed(1);
  const inferFlops = models.reduce((a, e) => a + modelFlops[e.id] * nat.n, 0);
  const appInferS = models.reduce((a, e) => a + e.predictMs, 0) / 1000;
  const natInferS = models.reduce((a, e) => a + (nat.predictors[e.id]?.predict_s ?? NaN), 0);
  const rankFlops = 2 * nat.n * m * d * Object.keys(nat.predictors).length;
  const appRankS = web.entries.reduce((a, e) => a + e.rankMs, 0) / 1000;
  return {
    inference: {
      appS: +appInferS.toFixed(2),
      nativeS: +natInferS.toFixed(2),
      appGflops: gflops(inferFlops, appInferS),
      nativeGflops: gflops(inferFlops, natInferS),
    },
    ranks: {
      appS: +appRankS.toFixed(2),
      nativeS: nat.rank_s,
      appGflops: gflops(rankFlops, appRankS),
      nativeGflops: gflops(rankFlops, nat.rank_s),
    },
  };
}
const { base, browser, close } = await openBench(5293);
try {
  for (const name of only) {
    const c = CASES[name];
    if (!c.files.every(existsSync))
      await run(python, ['scripts/make_scale_data.py', c.make, '--out', dataDir]);
    const rows = [];
    if (loadOnly) {
      out.cases[name] = { loadOnly: await app(browser, base, c) };
      console.log(name, JSON.stringify(out.cases[name]));
      continue;
    }
    for (let r = 0; r < runs; r++) {
      const load1 = loadavg()[0];
      const nat = await native(c);
      const web = await app(browser, base, c);
      const ratio = web.seconds / nat.work_s;
      const phases = split(web, nat);
      rows.push({ run: r + 1, load1, native: nat, app: web, ratio: +ratio.toFixed(2), phases });
      out.cases[name] = summarise(rows, c.target);
      save();
      console.log(
        `${name} run ${r + 1}: app ${web.seconds.toFixed(1)} s, native ${nat.work_s.toFixed(1)} s, ` +
          `${ratio.toFixed(2)}x (load ${load1.toFixed(1)}); ${JSON.stringify(phases)}`,
      );
    }
    console.log(
      `${name}: median ${out.cases[name].median.ratio}x (target ${out.cases[name].target})`,
    );
  }
} finally {
  await close();
}
save();
console.log(`wrote ${outFile}`);
