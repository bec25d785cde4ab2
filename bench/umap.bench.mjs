// UMAP benchmark: serves the repo with Vite (the app's headers), opens bench/umap.html in headless
// Chromium, lays out the same points with every method, prints a table, writes bench/results/umap.json.
// Run: node bench/umap.bench.mjs [--n 10000] [--seed 42] [--skip-plain] [--quick] [--out bench/results/umap.json]
// --quick times only the app's path and plain umap-js (bench/run.bench.mjs uses it).
// embedding-atlas is benchmarked when node_modules/embedding-atlas or bench/tmp/embedding-atlas
// (an unpacked `npm pack embedding-atlas@0.26.0`) exists.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { argReader, openBench } from './harness.mjs';

const args = process.argv.slice(2);
const arg = argReader(args);
const n = Number(arg('n', 10000));
const seed = Number(arg('seed', 42));
const skipPlain = args.includes('--skip-plain');
const quick = args.includes('--quick');
const out = arg('out', 'bench/results/umap.json');

// The package's exports map has no ./umap entry, so the bench loads the file itself.
const atlasFile = [
  'node_modules/embedding-atlas/dist/umap.js',
  'bench/tmp/embedding-atlas/package/dist/umap.js',
].find((p) => existsSync(p));

// Other work on a shared machine skews timings: record the load around the run.
const loadBefore = loadavg()[0];
const { base, browser, close } = await openBench(5290);
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${base}bench/umap.html`);
  await page.waitForFunction(
    () => document.getElementById('status')?.textContent === 'ready',
    null,
    {
      timeout: 120_000,
    },
  );
  const result = await page.evaluate((config) => window.runUmapBench(config), {
    n,
    seed,
    atlasUrl: atlasFile ? `/${atlasFile}` : null,
    skipPlain,
    quick,
  });
  const load = { before: loadBefore, after: loadavg()[0] };
  const plain = result.rows.find((r) => r.method.startsWith('plain'));
  console.log(
    `\n${result.source}; n=${result.n}, dim=${result.dim}, epochs=${result.params.nEpochs}, k=${result.params.nNeighbors}`,
  );
  console.log(
    `crossOriginIsolated=${result.crossOriginIsolated}, cores=${result.hardwareConcurrency}`,
  );
  console.log(
    ['method'.padEnd(52), 'kNN s', 'layout s', 'total s', 'vs plain', '10-NN kept'].join('  '),
  );
  for (const r of result.rows) {
    console.log(
      [
        r.method.padEnd(52),
        (r.knnMs / 1000).toFixed(2).padStart(5),
        (r.layoutMs / 1000).toFixed(2).padStart(8),
        (r.totalMs / 1000).toFixed(2).padStart(7),
        (plain ? `${(plain.totalMs / r.totalMs).toFixed(2)}x` : '-').padStart(8),
        r.quality.toFixed(3).padStart(10),
      ].join('  '),
    );
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        command: `node bench/umap.bench.mjs ${args.join(' ')}`.trim(),
        loadAverage1m: load,
        ...result,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwrote ${out}`);
} finally {
  await close();
}
