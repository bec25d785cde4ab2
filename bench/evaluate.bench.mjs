// Full-evaluation benchmark: serves the app with Vite (the app's headers), opens Compare on the
// shipped OOD split in headless Chromium, runs every shipped model + baselines (speed measurement
// off), reads the app's own "evaluated in X s" (evaluate() wall time: worker start, kernel load,
// predictions, exact ranks), fresh page per run. Writes bench/results/evaluate.json.
// Run: node bench/evaluate.bench.mjs [--runs 3] [--data demo-ood] [--quick] [--out FILE]
// --quick makes one run (bench/run.bench.mjs uses it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { argReader, openBench } from './harness.mjs';

const args = process.argv.slice(2);
const arg = argReader(args);
const runs = args.includes('--quick') ? 1 : Number(arg('runs', 3));
const outFile = arg('out', 'bench/results/evaluate.json');
const data = arg('data', 'demo-ood');

const loadBefore = loadavg()[0];
const { base, browser, close } = await openBench(5291);
const results = [];
try {
  const manifest = await (await fetch(new URL('models/manifest.json', base))).json();
  for (let r = 0; r < runs; r++) {
    const page = await browser.newPage();
    await page.goto(`${base}?view=compare&data=${data}`);
    await page
      .getByText(`${manifest.models.length} models + baselines`)
      .waitFor({ timeout: 180_000 });
    await page.getByLabel('measure speed').uncheck();
    await page.getByRole('button', { name: 'Run evaluation' }).click();
    const head = page.locator('.table-head h2');
    await head.waitFor({ timeout: 300_000 });
    const text = await head.innerText();
    const seconds = Number(/evaluated in ([\d.]+) s/.exec(text)[1]);
    const windows = Number(/(\d+) windows/.exec(text)[1]);
    results.push({ run: r + 1, seconds, windows });
    console.log(`run ${r + 1}: ${seconds.toFixed(2)} s (${windows} windows)`);
    await page.close();
  }
  const out = {
    date: new Date().toISOString(),
    data,
    models: manifest.models.map((m) => m.id),
    baselines: 3,
    backend: 'wasm',
    cpus: cpus().length,
    loadavg: { before: loadBefore, after: loadavg()[0] },
    runs: results,
    best_s: Math.min(...results.map((x) => x.seconds)),
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(outFile, JSON.stringify(out, null, 2) + '\n');
  console.log(`best ${out.best_s.toFixed(2)} s; wrote ${outFile}`);
} finally {
  await close();
}
