// Fails fast, in one line, when no Chromium is available for the e2e tests.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
const system = candidates.find((p) => p && existsSync(p));
let bundled = false;
try {
  bundled = existsSync(chromium.executablePath());
} catch {
  bundled = false;
}
if (!system && !bundled) {
  console.error(
    'No Chromium for e2e tests: install one with `apt-get install chromium` (or `npx playwright install chromium`), or set CHROMIUM_PATH.',
  );
  process.exit(1);
}
