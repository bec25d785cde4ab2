// @vitest-environment jsdom
/**
 * Analysis as the user sees it: the whole app under StrictMode, with the real engine, retrieval
 * kernel and shipped models running in-process (src/test/inProcessWorkers.ts).
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';
import { useAppStore } from '../../store';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

describe('Analysis view', () => {
  it('analyses the demo on open: a plot per slice key, worst slices that open Predict, geometry', async () => {
    openApp('?view=analysis&data=demo-val&models=gru');
    const worst = await screen.findByTestId('worst-slices', {}, { timeout: 90_000 });
    const slices = screen.getByTestId('analysis-slices');
    for (const key of ['position', 'topic', 'coherence', 'novelty', 'length']) {
      const figure = slices.querySelector(`[data-slice="${key}"]`)!;
      expect(within(figure as HTMLElement).getByTestId('plot')).toBeTruthy();
    }
    const geometry = screen.getByTestId('analysis-geometry');
    expect(geometry.querySelector('tr[data-model="gru"]')).toBeTruthy();
    expect(geometry.querySelector('tr[data-model="linear_average"]')).toBeTruthy();

    const rows = worst.querySelectorAll('tbody tr');
    expect(rows.length).toBeGreaterThan(0);
    const windows = Number(rows[0].children[2].textContent);
    expect(windows).toBeGreaterThanOrEqual(20);
    fireEvent.click(within(worst).getAllByRole('button', { name: 'Open in Predict' })[0]);
    const s = useAppStore.getState();
    expect(s.view).toBe('predict');
    expect(s.mapSelection).toHaveLength(windows);
    expect(s.windowIndex).toBe(s.mapSelection[0]);
    expect(screen.getByRole('tab', { name: 'Predict' }).getAttribute('aria-selected')).toBe('true');
  }, 120_000);
});
