// Regenerates docs/screenshot.png (the README's picture) from a built app: `npm run build` first.
// Usage: node scripts/screenshot.mjs [view]   (default view: predict)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const port = 4199;
const view = process.argv[2] ?? 'predict';
// vite itself, not through npx: killing an npx wrapper would leave the server running.
const server = spawn(
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
try {
  await new Promise((r) => setTimeout(r, 3000));
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find(
    (p) => p && existsSync(p),
  );
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?view=${view}&data=demo-ood&window=3`);
  // Predict shows a column per shipped model and per baseline once models and data are in.
  const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8'));
  const columns = manifest.models.length + manifest.baselines.length;
  await page
    .locator('[data-testid="prediction-column"]')
    .nth(columns - 1)
    .waitFor({ timeout: 180_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'docs/screenshot.png' });
  await browser.close();
} finally {
  server.kill();
}
