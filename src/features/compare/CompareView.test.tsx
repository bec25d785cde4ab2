// @vitest-environment jsdom
/**
 * Compare as the user sees it: the whole app under StrictMode, with the real engine, retrieval
 * kernel and shipped models running in-process (src/test/inProcessWorkers.ts).
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';
import { getDataset, registerDataset } from '../../store/datasets';
import type { Dataset } from '../../data/types';
import { useAppStore } from '../../store';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8'));
const manifestCosine = (id: string, split: 'val' | 'ood') =>
  manifest.models.find((m: { id: string }) => m.id === id).metrics[split].cosine_mean;

const table = () => screen.findByTestId('compare-table', {}, { timeout: 60_000 });
function metric(t: HTMLElement, model: string, name: string): number | null {
  const cell = t.querySelector(`tr[data-model="${model}"] td[data-metric="${name}"]`);
  return cell ? Number(cell.getAttribute('data-value')) : null;
}

describe('Compare view', () => {
  it('waits for a selected model that is still loading, then shows every model on open', async () => {
    // The shipped models load one after another; the Transformer comes last.
    openApp('?view=compare&data=demo-val&models=amn,transformer');
    await screen.findByText(/Waiting for transformer to load/, {}, { timeout: 60_000 });
    const t = await table();
    expect(metric(t, 'transformer', 'cosine_mean')).toBeCloseTo(
      manifestCosine('transformer', 'val'),
      3,
    );
    expect(metric(t, 'amn', 'cosine_mean')).toBeCloseTo(manifestCosine('amn', 'val'), 3);
  }, 120_000);

  it('keeps a run going when the user leaves, with progress and cancel elsewhere, and shows it on return', async () => {
    openApp('?view=compare&data=demo-val&models=amn');
    const t = await table();
    expect(metric(t, 'amn', 'cosine_mean')).toBeCloseTo(manifestCosine('amn', 'val'), 3);
    expect(within(t).getByText('787.3k')).toBeTruthy(); // speed not measured yet: row shows params
    fireEvent.click(screen.getByRole('button', { name: 'Run evaluation' })); // measure speed is on
    fireEvent.click(screen.getByRole('tab', { name: 'Predict' }));
    const running = await screen.findByTestId('running-job');
    expect(running.textContent).toContain('Compare · Demo · val');
    expect(within(running).getByRole('button', { name: 'Cancel' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId('running-job')).toBeNull(), {
      timeout: 60_000,
    });
    fireEvent.click(screen.getByRole('tab', { name: 'Compare' }));
    const back = await table();
    const latency = back.querySelector('tr[data-model="amn"] td[data-metric="latency_ms"]')!;
    expect(latency.textContent).toMatch(/^\d+\.\d+ \/ \d+\.\d+ \/ \d+\.\d+$/);
  }, 120_000);

  it('never shows the numbers of a same-named file that was replaced', async () => {
    openApp('?view=compare&data=demo-val&models=amn');
    await table();
    const demo = getDataset('demo-val')!;
    const user = (vectors: Float32Array): Dataset => ({
      id: 'user-stream',
      name: 'stream.npy',
      origin: 'stream.npy',
      dim: demo.dim,
      stream: { vectors, count: demo.stream!.count, articleIds: demo.stream!.articleIds },
      bank: { vectors, count: demo.stream!.count },
    });
    act(() => {
      registerDataset(user(demo.stream!.vectors.slice()));
      useAppStore.getState().setDatasetId('user-stream');
    });
    const first = metric(await table(), 'amn', 'hit1')!;
    // The same file name, other content: every vector's sign flipped within its second half.
    const other = demo.stream!.vectors.slice();
    for (let i = 0; i < other.length; i++) if (i % demo.dim >= demo.dim / 2) other[i] = -other[i];
    act(() => registerDataset(user(other)));
    expect(screen.queryByTestId('compare-table')).toBeNull();
    await waitFor(
      () => expect(metric(screen.getByTestId('compare-table'), 'amn', 'hit1')).not.toBe(first),
      {
        timeout: 60_000,
      },
    );
  }, 120_000);
});
