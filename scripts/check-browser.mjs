// Makes sure the e2e tests have a Chromium, in e2e/browser.ts's order: $CHROMIUM_PATH or the
// system's, else Playwright's own; with neither, downloads Playwright's. Where that cannot happen
// (no network), stops with one line saying how to install one. Instant when a browser exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

// the same list as e2e/browser.ts chromiumExecutable()
const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

function bundled() {
  try {
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

/** `npx playwright install chromium`; null when it worked, else the first error line it printed. */
function install() {
  console.error('No Chromium for the e2e tests: running `npx playwright install chromium`…');
  const r = spawnSync('npx', ['playwright', 'install', 'chromium'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60_000,
  });
  if (r.status === 0 && bundled()) return null;
  if (r.error) return r.error.message;
  // the root cause ("getaddrinfo ENOTFOUND cdn.playwright.dev"), not the "Failed to download" wrapper
  const errors = `${r.stderr}\n${r.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('Error:'))
    .map((l) => l.replace(/^Error:\s*/, ''));
  return errors.find((e) => !/caused by$/.test(e)) ?? errors[0] ?? `exit code ${r.status}`;
}

if (!candidates.some((p) => p && existsSync(p)) && !bundled()) {
  const failed = install();
  if (failed !== null) {
    const env = process.env.CHROMIUM_PATH
      ? ` (CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist)`
      : '';
    console.error(
      `No Chromium for the e2e tests${env}, and downloading Playwright's failed (${failed}): install one with \`apt-get install chromium\` or \`npx playwright install chromium\`, or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
}
