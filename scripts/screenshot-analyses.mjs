// Regenerates the README's pictures of the analyses (docs/analysis-*.png) from a built app:
// `npm run build` first, then `node scripts/screenshot-analyses.mjs [name ...]` (default: all).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from '@playwright/test';

const port = 4199;
const MODELS = 'amn,gru,lstm,transformer';

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
  map: {
    url: '/?view=map&data=demo-ood&models=amn',
    ready: '[data-testid="map-status"]:has-text("938 points")',
    capture: 'section.map-view',
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
// vite itself, not through npx: killing an npx wrapper would leave the server running.
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port)],
  { stdio: 'ignore' },
);
try {
  await new Promise((r) => setTimeout(r, 3000));
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find(
    (p) => p && existsSync(p),
  );
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  for (const name of names) {
    const shot = SHOTS[name];
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}${shot.url}`);
    if (shot.ready) await page.locator(shot.ready).first().waitFor({ timeout: 300_000 });
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
    await page
      .locator(shot.capture)
      .first()
      .screenshot({ path: `docs/analysis-${name}.png` });
    console.log(`docs/analysis-${name}.png`);
    await page.close();
  }
  await browser.close();
} finally {
  server.kill();
}
