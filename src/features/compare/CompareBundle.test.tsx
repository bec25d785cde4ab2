// @vitest-environment jsdom
/**
 * A results bundle opened in the Data view (its files and its dataset's, picked together) shows in
 * Compare with the bundle's own metrics, while nothing runs its models: the whole app under
 * StrictMode, real workers in-process (src/test/inProcessWorkers.ts).
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { engine } from '../../engine/client';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';
import { useAppStore } from '../../store';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

const FIXTURE = resolve(__dirname, '../../../e2e/fixtures/bundle');
const RESULTS = resolve(FIXTURE, 'results');
const manifest = JSON.parse(readFileSync(resolve(RESULTS, 'lvm-results.json'), 'utf8'));
const file = (path: string, name: string) => new File([readFileSync(path)], name);

function metric(t: HTMLElement, model: string, name: string): number | null {
  const cell = t.querySelector(`tr[data-model="${model}"] td[data-metric="${name}"]`);
  return cell ? Number(cell.getAttribute('data-value')) : null;
}

describe('a results bundle in Compare', () => {
  it('shows the bundle’s metrics for its models without running them', async () => {
    const predict = vi.spyOn(engine, 'predict');
    // the URL names a shipped model only: opening the bundle still selects its models
    openApp('?view=data&models=amn');
    const files = [
      file(resolve(FIXTURE, 'ood600.npz'), 'ood600.npz'),
      ...readdirSync(RESULTS).map((n) => file(resolve(RESULTS, n), n)),
    ];
    const input = (await screen.findByLabelText(/Load vector files/)) as HTMLInputElement;
    fireEvent.change(input, { target: { files } });
    await waitFor(() => expect(useAppStore.getState().datasetId).toBe('file:ood600.npz'), {
      timeout: 60_000,
    });
    fireEvent.click(screen.getByRole('tab', { name: 'Compare' }));
    const t = await screen.findByTestId('compare-table', {}, { timeout: 60_000 });
    // the first selected model fixes K = 5: its results show; the K = 3 model's do not fit
    const [k5, k3] = manifest.models;
    expect(k5.k).toBe(5);
    for (const key of ['hit1', 'hit5', 'hit10', 'mrr', 'cosine_mean'])
      expect(metric(t, `results:${k5.id}`, key), key).toBeCloseTo(k5.metrics[key], 5);
    const notRun = t.querySelector(`tr[data-model="results:${k3.id}"]`)!;
    expect(notRun.textContent).toContain('not run: expects K = 3');
    expect(t.querySelector('tr[data-model="linear_average"]')).not.toBeNull();
    // the shipped AMN (K = 5, 384-D) runs beside the bundle's rows on the same windows
    await waitFor(() => expect(metric(t, 'amn', 'hit5')).not.toBeNull(), { timeout: 60_000 });
    // nothing ran a bundle model (the engine saw no call for it)
    expect(predict.mock.calls.filter(([id]) => String(id).startsWith('results:'))).toEqual([]);
    expect(t.textContent).toContain(`results bundle (${k5.provider})`);
  }, 120_000);
});
