import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

// e2e runs against the production build served by `vite preview`, with the same headers a host must send.
const port = 4173;

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromiumLaunchOptions(),
    trace: 'off',
  },
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    timeout: 240_000,
    // Never reuse: a preview left running from another checkout would serve a stale build.
    reuseExistingServer: false,
  },
});
