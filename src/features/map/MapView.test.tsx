// @vitest-environment jsdom
/**
 * The Map as `npm run dev` shows it: the whole app under StrictMode (effects run twice), with the
 * real engine, kNN kernel and UMAP running in-process (src/test/inProcessWorkers.ts).
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';
import { useAppStore } from '../../store';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

describe('Map view under StrictMode', () => {
  it('lays out and draws the default map when the view mounts (effects run twice)', async () => {
    openApp('?view=predict&data=demo-ood&models=amn');
    await waitFor(() => expect(useAppStore.getState().models.map((m) => m.id)).toContain('amn'), {
      timeout: 60_000,
    });
    fireEvent.click(screen.getByRole('tab', { name: 'Map' }));
    const status = await screen.findByTestId('map-status', {}, { timeout: 90_000 });
    // 218 OOD windows: their targets and AMN's predictions.
    expect(status.textContent).toMatch(/^436 points · 218 windows/);
  }, 120_000);

  it('keeps laying out when the user leaves and comes back', async () => {
    openApp('?view=map&data=demo-val&models=amn');
    await screen.findByText('Laying out the map…', {}, { timeout: 60_000 });
    fireEvent.click(screen.getByRole('tab', { name: 'Predict' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Map' }));
    const status = await screen.findByTestId('map-status', {}, { timeout: 90_000 });
    expect(status.textContent).toMatch(/290 windows/);
    await waitFor(() => expect(screen.queryByText(/Layout cancelled/)).toBeNull());
  }, 120_000);
});
