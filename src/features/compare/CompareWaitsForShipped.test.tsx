// @vitest-environment jsdom
/**
 * Opening Compare with no models in the URL: the shipped models join the selection one by one as
 * they load, so a run started before they have all arrived would score the baselines alone (and
 * the view, keyed by the selection, would lose sight of it). The whole app under StrictMode with
 * the real engine and shipped models in-process (src/test/inProcessWorkers.ts).
 */
import { cleanup, screen } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';
import { listJobs } from '../../jobs/runner';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8'));

it('waits for the shipped models, then runs once with them, never with baselines alone', async () => {
  openApp('?view=compare&data=demo-val');
  await screen.findByText(/waiting for \d+ to load/, {}, { timeout: 60_000 });
  expect(
    (screen.getByRole('button', { name: 'Run evaluation' }) as HTMLButtonElement).disabled,
  ).toBe(true);
  const table = await screen.findByTestId('compare-table', {}, { timeout: 90_000 });
  const fleet = manifest.models.filter((m: { K: number }) => m.K === manifest.k);
  for (const m of fleet) expect(table.querySelector(`tr[data-model="${m.id}"]`)).not.toBeNull();
  const runs = listJobs().filter((j) => j.slot === 'compare');
  expect(runs).toHaveLength(1);
  expect(runs[0].key).toContain(`${fleet[0].id}#`);
}, 120_000);
