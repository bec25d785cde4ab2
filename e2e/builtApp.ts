import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestInfo } from '@playwright/test';

/**
 * A production build for specs that serve it themselves (`lvm-lens open`, a plain static server):
 * $LVM_E2E_APP_DIR, else the preview project's dist/ (built by its web server), else one built
 * into `tmp` (the dev project, so dist/ is never rebuilt by it).
 */
export function builtApp(info: TestInfo, tmp: string): string {
  if (process.env.LVM_E2E_APP_DIR) return process.env.LVM_E2E_APP_DIR;
  if (info.project.name === 'preview' && existsSync('dist/_headers')) return 'dist';
  const out = join(tmp, 'app');
  execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  return out;
}
