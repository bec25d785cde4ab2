import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { builtApp } from './builtApp';

// A static host that sends no COOP/COEP (GitHub Pages, object stores): the build served by a plain
// `python3 -m http.server`, which sends neither. The isolation service worker (coi-sw.js) makes the
// page cross-origin isolated after one reload, so WASM runs multithreaded and the CSP applies.

const PORT = Number(process.env.E2E_STATIC_PORT ?? 5195);
let work: string;
let server: ChildProcess | undefined;

// eslint-disable-next-line no-empty-pattern -- the worker fixtures are not needed, only testInfo
test.beforeAll(async ({}, info) => {
  info.setTimeout(600_000);
  work = mkdtempSync(join(tmpdir(), 'lvm-static-'));
  const app = builtApp(info, work);
  server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1'], {
    cwd: app,
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    // a port already taken makes the server exit: then the answer would come from someone else
    if (server.exitCode !== null)
      throw new Error(`the static server exited: is port ${PORT} taken?`);
    const ok = await fetch(`http://127.0.0.1:${PORT}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      await new Promise((r) => setTimeout(r, 300));
      if (server.exitCode === null) return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the static server did not start');
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill();
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a host without isolation headers still gets isolated, multithreaded WASM and the CSP', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const base = `http://127.0.0.1:${PORT}`;
  const plain = await fetch(`${base}/`);
  expect(plain.headers.get('cross-origin-embedder-policy')).toBeNull();
  await page.goto(`${base}/?view=models`);
  await expect
    .poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 60_000 })
    .toBe(true);
  await expect(page.getByTestId('backend-summary')).toContainText(
    'cross-origin isolated (multithreaded WASM)',
    { timeout: 60_000 },
  );
  const wasm = page.getByRole('combobox', { name: 'Backend' }).locator('option[value="wasm"]');
  const threads = Number((await wasm.textContent())!.match(/\((\d+) threads?\)/)![1]);
  expect(threads).toBeGreaterThan(1);
  // the worker's CSP governs the page: a request to another origin is refused
  const blocked = await page.evaluate(() =>
    fetch('http://127.0.0.1:1/').then(
      () => 'fetched',
      (e: Error) => e.message,
    ),
  );
  expect(blocked).not.toBe('fetched');
  const violations: string[] = [];
  page.on(
    'console',
    (m) => m.text().includes('Content Security Policy') && violations.push(m.text()),
  );
  await page.evaluate(() => fetch('http://127.0.0.1:1/').catch(() => undefined));
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});
