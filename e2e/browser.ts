import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** The Chromium to drive: $CHROMIUM_PATH, else Debian's, else Playwright's own (undefined). */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

// Flags that keep headless Chromium quiet on a machine without network, plus a software WebGPU adapter.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return { executablePath: chromiumExecutable(), args: [...chromiumArgs, ...extraArgs] };
}
