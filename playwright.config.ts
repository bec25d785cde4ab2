import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

// Every spec runs twice: against the production build (`vite preview`) and against the dev server
// (`vite`), where React StrictMode mounts every effect twice and modules compile on demand. A view
// that only works in one of them is broken. Both servers send the headers a host must send
// (vite.config.ts: COOP/COEP for cross-origin isolation, and the CSP).
// Ports can be moved (E2E_PREVIEW_PORT, E2E_DEV_PORT) so two checkouts can test side by side.
const previewPort = Number(process.env.E2E_PREVIEW_PORT ?? 4173);
const devPort = Number(process.env.E2E_DEV_PORT ?? 5183); // not 5173: a developer's `npm run dev`
const previewURL = `http://127.0.0.1:${previewPort}`;
const devURL = `http://127.0.0.1:${devPort}`;

export default defineConfig({
  testDir: 'e2e',
  // one reference per picture, shared by the preview and dev projects (the same app)
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    trace: 'off',
  },
  projects: [
    { name: 'preview', use: { baseURL: previewURL } },
    // The dev server compiles each module on first request and may re-optimise dependencies (and
    // reload the page) when it meets a new one: one page visit through every view first, so the
    // specs measure the app, not the first compile.
    { name: 'dev-warmup', testMatch: /dev-warmup\.setup\.ts/, use: { baseURL: devURL } },
    { name: 'dev', use: { baseURL: devURL }, dependencies: ['dev-warmup'] },
  ],
  webServer: [
    {
      name: 'preview',
      command: `npx vite build --logLevel warn && npx vite preview --host 127.0.0.1 --port ${previewPort} --strictPort`,
      url: previewURL,
      timeout: 240_000,
      // Never reuse: a preview left running from another checkout would serve a stale build.
      reuseExistingServer: false,
    },
    {
      name: 'dev',
      command: `npx vite --host 127.0.0.1 --port ${devPort} --strictPort`,
      url: devURL,
      timeout: 120_000,
      reuseExistingServer: false,
    },
  ],
});
