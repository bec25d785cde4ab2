// A/B of onnxruntime-web's two builds on the WASM execution provider, side by side in one run:
// the plain WASM build (what the app uses for WASM sessions) against the WebGPU/WebNN build (JSEP,
// compiled with Asyncify). Each measurement is a fresh worker; the order of the two builds
// alternates between rounds so neither always runs first. Writes bench/results/builds.json.
// Run: node bench/builds.bench.mjs [--models amn,gru] [--threads 1] [--rounds 2] [--budget-ms 1500]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { argReader, openBench } from './harness.mjs';

const arg = argReader();
const models = arg('models', 'amn,gru').split(',');
const threads = Number(arg('threads', 1));
const rounds = Number(arg('rounds', 2));
const budgetMs = Number(arg('budget-ms', 1500));
const batches = [1, 8, 256];
const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8'));
const fileOf = (id) => manifest.models.find((m) => m.id === id)?.file;

const { base, browser, close } = await openBench(5293);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${base}bench/builds.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['plain', 'jsep'] : ['jsep', 'plain'];
    for (const model of models) {
      for (const build of order) {
        const load1 = loadavg()[0];
        const r = await page.evaluate((c) => window.runBuildBench(c), {
          build,
          threads,
          modelUrl: `/models/${fileOf(model)}`,
          batches,
          budgetMs,
        });
        for (const b of r.batches) {
          const s = [...b.timesMs].sort((x, y) => x - y);
          const total = s.reduce((a, x) => a + x, 0);
          runs.push({
            round,
            model,
            build,
            batch: b.batch,
            runs: s.length,
            p50: s[Math.floor(s.length * 0.5)],
            p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))],
            windowsPerS: (b.batch * s.length) / (total / 1000),
            load1,
          });
        }
        console.log(`round ${round} ${model} ${build} done`);
      }
    }
  }
} finally {
  await close();
}

// Median over rounds of each figure, and plain/JSEP ratios.
const rows = [];
for (const model of models)
  for (const batch of batches) {
    const pick = (build, f) =>
      median(
        runs
          .filter((r) => r.model === model && r.batch === batch && r.build === build)
          .map((r) => r[f]),
      );
    const row = { model, batch };
    for (const build of ['plain', 'jsep'])
      for (const f of ['p50', 'p95', 'windowsPerS'])
        row[`${build}_${f}`] = +pick(build, f).toFixed(4);
    row.p50_jsep_over_plain = +(row.jsep_p50 / row.plain_p50).toFixed(2);
    rows.push(row);
  }
console.table(rows);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/builds.json',
  JSON.stringify(
    {
      date: new Date().toISOString(),
      command: `node bench/builds.bench.mjs ${process.argv.slice(2).join(' ')}`.trim(),
      what: 'onnxruntime-web WASM EP on the plain build vs the JSEP build, headless Chromium; figures are medians over rounds',
      threads,
      rounds,
      budgetMs,
      rows,
      runs,
    },
    null,
    2,
  ) + '\n',
);
console.log('wrote bench/results/builds.json');
