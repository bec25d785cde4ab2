// Shared by the browser benchmarks: serve the repo with Vite (the app's COOP/COEP/CSP headers, so
// onnxruntime-web runs multithreaded) and open headless Chromium against it.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';

export { argReader } from './args.mjs';

/** A Vite server on `port` (or the next free one) and a headless Chromium; `close()` stops both. */
export async function openBench(port) {
  const server = await createServer({
    configFile: 'vite.config.ts',
    server: { port, strictPort: false, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  await server.listen();
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  return {
    base: server.resolvedUrls.local[0],
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
