// Regenerates every README picture (docs/screenshot.png and docs/analysis-*.png): `npm run
// screenshots` builds the app and shoots them all; `node scripts/screenshots.mjs [name ...]` shoots
// some from the build already in dist/. LENS_URL=http://127.0.0.1:5173 uses a server already
// running (e.g. `npm run dev`) instead; LENS_PORT moves the preview server (default 4199).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from '@playwright/test';

const port = Number(process.env.LENS_PORT ?? 4199);
// the shipped models of the demo's K, from the manifest (never a hard-coded list or count)
const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8'));
const K5 = manifest.models.filter((m) => m.K === manifest.k).map((m) => m.id);
const MODELS = K5.join(',');

/** The Map is drawn with every model's predictions: points = (1 + models) × windows. */
async function mapDrawn(page) {
  const status = page.getByTestId('map-status');
  for (;;) {
    const m = ((await status.textContent().catch(() => '')) ?? '').match(
      /^([\d,]+) points · (\d+) windows/,
    );
    if (m && Number(m[1].replace(/,/g, '')) === (1 + K5.length) * Number(m[2])) return;
    await page.waitForTimeout(1000);
  }
}

/** Predict shows a column per shipped model and per baseline. */
async function predictDrawn(page) {
  const columns = K5.length + manifest.baselines.length; // a K=32 model is not selected beside K=5
  await page
    .locator('[data-testid="prediction-column"]')
    .nth(columns - 1)
    .waitFor({ timeout: 300_000 });
}

/** What each picture shows: where to go, what to do there, and what to capture. */
const SHOTS = {
  slices: {
    url: `/?view=analysis&data=demo-val&models=${MODELS}`,
    ready: '[data-testid="analysis-slices"] [data-slice="position"] .js-plotly-plot',
    capture: '[data-testid="analysis-slices"] [data-slice="position"]',
  },
  geometry: {
    url: `/?view=analysis&data=demo-val&models=${MODELS}`,
    ready: '[data-testid="analysis-geometry"] .js-plotly-plot',
    capture: '[data-testid="analysis-geometry"]',
  },
  predict: {
    url: '/?view=predict&data=demo-ood&window=3',
    until: predictDrawn,
    file: 'docs/screenshot.png',
  },
  map: {
    url: `/?view=map&data=demo-ood&models=${MODELS}`,
    until: mapDrawn,
    capture: 'section.map-view',
  },
  compare: {
    url: `/?view=compare&data=demo-ood&models=${MODELS}`,
    ready: '[data-testid="compare-table"]',
    after: '.compare-plots figure.plot .js-plotly-plot',
    capture: '.compare-plots',
  },
  roundtrip: {
    url: `/?view=compare&data=demo-ood&models=${MODELS}`,
    ready: '[data-testid="compare-table"]',
    click: 'Run round trip',
    after: '[data-testid="round-trip"] table',
    capture: '[data-testid="round-trip"]',
  },
  report: {
    url: `/?view=compare&data=demo-ood&models=${MODELS}`,
    ready: '[data-testid="compare-table"]',
    download: 'Export report (.html)',
    capture: 'body',
  },
  checkpoints: {
    url: '/?view=checkpoints&data=demo-ood&models=amn',
    files: [
      'e2e/fixtures/checkpoints/amn-like_epoch01.onnx',
      'e2e/fixtures/checkpoints/amn-like_epoch02.onnx',
      'e2e/fixtures/checkpoints/amn-like_epoch03.onnx',
    ],
    after: '.checkpoints-view .js-plotly-plot',
    capture: '.checkpoints-view',
  },
};

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SHOTS);
const base = process.env.LENS_URL ?? `http://127.0.0.1:${port}`;
// vite itself, not through npx: killing an npx wrapper would leave the server running.
const server = process.env.LENS_URL
  ? null
  : spawn(
      process.execPath,
      [
        'node_modules/vite/bin/vite.js',
        'preview',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--strictPort',
      ],
      { stdio: 'ignore' },
    );

/**
 * The server answers (a preview takes a moment to start). A preview that exited (its port taken)
 * is an error, even when whatever holds that port answers.
 */
async function serverUp() {
  const exited = () => server && server.exitCode !== null;
  for (let i = 0; i < 60; i++) {
    const ok = await fetch(base).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) await new Promise((r) => setTimeout(r, 500));
    if (exited()) throw new Error(`vite preview exited (port ${port} taken?)`);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`nothing answers at ${base}`);
}

try {
  await serverUp();
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find(
    (p) => p && existsSync(p),
  );
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  for (const name of names) {
    const shot = SHOTS[name];
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${base}${shot.url}`, { timeout: 300_000 });
    if (shot.ready) await page.locator(shot.ready).first().waitFor({ timeout: 300_000 });
    if (shot.until) await shot.until(page);
    if (shot.files) await page.locator('input[type="file"]').first().setInputFiles(shot.files);
    if (shot.click) await page.getByRole('button', { name: shot.click }).click();
    if (shot.after) await page.locator(shot.after).first().waitFor({ timeout: 300_000 });
    if (shot.download) {
      // the report is a file: save it and open it from disk, as its reader would
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: shot.download }).click(),
      ]);
      const file = `${tmpdir()}/lvm-lens-report.html`;
      await download.saveAs(file);
      await page.goto(`file://${file}`);
    }
    await page.waitForTimeout(1500);
    const path = shot.file ?? `docs/analysis-${name}.png`;
    if (shot.capture) await page.locator(shot.capture).first().screenshot({ path });
    else await page.screenshot({ path });
    console.log(path);
    await page.close();
  }
  await browser.close();
} finally {
  server?.kill();
}
