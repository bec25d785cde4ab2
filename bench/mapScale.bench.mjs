// The Map at research scale: serves the repo with Vite, opens bench/mapScale.html in headless
// Chromium and runs one mode on points from bench/make_map_points.py (raw float32 [n, 384]).
// Run: node bench/mapScale.bench.mjs profile --n 20000
//      node bench/mapScale.bench.mjs crossover --n 100000 [--sizes 5000,10000,20000,40000]
//      node bench/mapScale.bench.mjs layout --n 100000 [--knn auto|exact|approx] [--umap] [--no-python]
// layout writes the embedding to bench/tmp/lens-N.f32 and scores it with bench/map_scale_learn.py
// (with --umap also running umap-learn on the same points; the idle browser stays open meanwhile).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { argReader, openBench } from './harness.mjs';

const args = process.argv.slice(2);
const mode = args[0];
const arg = argReader(args);
const n = Number(arg('n', 20000));
const sizes = arg('sizes', '5000,10000,20000,40000').split(',').map(Number);
const knn = arg('knn', 'auto');
const dim = 384;
const file = arg('points', `bench/.data/points-${n}.f32`);
const out = arg('out', `bench/results/latest/mapScale-${mode}-${n}.json`);
if (!existsSync(file)) throw new Error(`${file} missing: python bench/make_map_points.py --n ${n}`);

const loadBefore = loadavg()[0];
const { base, browser, close } = await openBench(5390);
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => m.type() === 'error' && console.error('page:', m.text()));
  await page.goto(`${base}bench/mapScale.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const result = await page.evaluate(
    ([m, cfg]) => window.mapScaleBench[m](cfg),
    [mode, { url: `/${file}`, n, dim, sizes, knn }],
  );
  if (mode === 'layout') {
    // The embedding goes to a file; bench/map_scale_learn.py scores it and umap-learn's the same way.
    const emb = `bench/tmp/lens-${n}.f32`;
    mkdirSync('bench/tmp', { recursive: true });
    writeFileSync(emb, Buffer.from(result.embeddingBase64, 'base64'));
    delete result.embeddingBase64;
    result.embeddingFile = emb;
    if (!args.includes('--no-python')) {
      const argv = ['bench/map_scale_learn.py', '--points', file, '--embedding', `lens=${emb}`];
      if (!args.includes('--umap')) argv.push('--skip-umap');
      const py = spawnSync(process.env.PYTHON ?? 'python3', argv, { encoding: 'utf8' });
      if (py.status !== 0) throw new Error(`map_scale_learn.py failed: ${py.stderr}`);
      result.python = JSON.parse(py.stdout.trim().split('\n').at(-1));
    }
  }
  const record = {
    date: new Date().toISOString(),
    command: `node bench/mapScale.bench.mjs ${args.join(' ')}`,
    loadAverage1m: { before: loadBefore, after: loadavg()[0] },
    points: file,
    ...result,
  };
  console.log(JSON.stringify(record, null, 2));
  mkdirSync('bench/results/latest', { recursive: true });
  writeFileSync(out, JSON.stringify(record, null, 2) + '\n');
} finally {
  await close();
}
