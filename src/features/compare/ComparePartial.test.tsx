// @vitest-environment jsdom
/**
 * A split larger than one slab shows metrics over the windows done so far, with n, while it runs,
 * then the whole split (the whole app, real retrieval worker in-process; baselines only).
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { registerDataset } from '../../store/datasets';
import type { Dataset } from '../../data/types';
import { EVAL_SLAB } from '../../predictors/evaluation';
import { seededRandom } from '../../projection/random';
import { useAppStore } from '../../store';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

it('shows partial metrics with n while a large split runs, then the whole split', async () => {
  const d = 16;
  const rows = 30 * Math.ceil((2.2 * EVAL_SLAB) / 25); // articles of 30: 25 windows each at K = 5
  const rand = seededRandom(9);
  const vectors = Float32Array.from({ length: rows * d }, () => rand() * 2 - 1);
  const articleIds = Int32Array.from({ length: rows }, (_, i) => Math.floor(i / 30));
  const windows = (rows / 30) * 25;
  const dataset: Dataset = {
    id: 'large-stream',
    name: 'large.npz',
    origin: 'large.npz',
    dim: d,
    stream: { vectors, count: rows, articleIds },
    bank: { vectors, count: rows },
  };
  openApp('?view=compare&data=demo-val');
  act(() => {
    registerDataset(dataset);
    useAppStore.getState().setDatasetId('large-stream');
  });
  // every heading text the view ever shows, however briefly, and whether a per-window plot (a
  // point per window: heavy at scale, so drawn once at the end) was ever up beside partial metrics
  const seen = new Set<string>();
  let perWindowWhilePartial = false;
  let waitNoteWhilePartial = false;
  const observer = new MutationObserver(() => {
    const h = document.querySelector('.table-head h2');
    if (h?.textContent) seen.add(h.textContent);
    if (h?.textContent?.includes('so far')) {
      if (document.querySelector('[aria-label="Per-window cosine"]')) perWindowWhilePartial = true;
      if (screen.queryByTestId('per-window-wait')) waitNoteWhilePartial = true;
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  fireEvent.click(screen.getByLabelText('measure speed'));
  const run = await screen.findByRole('button', { name: 'Run evaluation' });
  await waitFor(() => expect((run as HTMLButtonElement).disabled).toBe(false), {
    timeout: 60_000,
  });
  fireEvent.click(run);
  await screen.findByText(/evaluated in/, {}, { timeout: 120_000 });
  observer.disconnect();
  const texts = [...seen];
  for (const done of [EVAL_SLAB, 2 * EVAL_SLAB])
    expect(
      texts.some((t) =>
        t.includes(`so far: metrics over ${done} of ${windows} windows (n = ${done})`),
      ),
      texts.join('\n'),
    ).toBe(true);
  expect(screen.getByRole('heading', { level: 2, name: /large\.npz/ }).textContent).toContain(
    `${windows} windows`,
  );
  expect(waitNoteWhilePartial).toBe(true);
  expect(perWindowWhilePartial).toBe(false);
  expect(document.querySelector('[aria-label="Per-window cosine"]')).not.toBeNull();
  expect(screen.queryByTestId('per-window-wait')).toBeNull();
}, 180_000);
