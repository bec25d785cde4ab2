// @vitest-environment jsdom
/**
 * Predict keys its columns on the dataset object, not the dataset's id: a file reloaded under the
 * same id is another dataset, and its predecessor's columns are never shown as its own. The whole
 * app under StrictMode with the real workers in-process (src/test/inProcessWorkers.ts).
 */
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, registerDataset } from '../../store/datasets';
import type { Dataset } from '../../data/types';
import { useAppStore } from '../../store';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

/** The shown columns' cosines, or null while none are shown as current. */
function currentCosines(): string[] | null {
  const section = document.querySelector('section.columns');
  if (!section || section.classList.contains('stale')) return null;
  return [...section.querySelectorAll('[data-testid="cosine"]')].map((c) => c.textContent!);
}

describe('Predict', () => {
  it('never shows a replaced dataset’s columns as those of the file that replaced it', async () => {
    openApp('?view=predict&data=demo-val&models=amn');
    await waitFor(() => expect(getDataset('demo-val')).toBeDefined(), { timeout: 60_000 });
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
    await waitFor(() => expect(currentCosines()?.length).toBeGreaterThan(0), { timeout: 60_000 });
    const before = currentCosines()!;
    // the same id, other content: every vector's sign flipped in its second half
    const other = demo.stream!.vectors.slice();
    for (let i = 0; i < other.length; i++) if (i % demo.dim >= demo.dim / 2) other[i] = -other[i];
    act(() => registerDataset(user(other)));
    expect(currentCosines()).toBeNull(); // the old columns are stale at once
    await waitFor(() => expect(currentCosines()).not.toBeNull(), { timeout: 60_000 });
    expect(currentCosines()).not.toEqual(before);
    expect(screen.queryByText(/detached/)).toBeNull();
  }, 120_000);
});
