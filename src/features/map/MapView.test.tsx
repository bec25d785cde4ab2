// @vitest-environment jsdom
/**
 * The Map as `npm run dev` shows it: the whole app under StrictMode (effects run twice), with the
 * real engine, kNN kernel and UMAP running in-process (src/test/inProcessWorkers.ts).
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';
import { useAppStore } from '../../store';
import { getDataset } from '../../store/datasets';
import { windowsFor } from '../../predictors/evaluation';
import { contextLength } from '../../predictors/compatibility';

beforeAll(installInProcessWorkers);

/** The windows of a demo split at the fleet's K, counted from the data (never typed in). */
function windowCount(id: string): number {
  const ds = getDataset(id)!;
  return windowsFor(ds, contextLength(useAppStore.getState().models, ds)).n;
}

/** A count as a pattern, with or without thousands separators. */
const num = (n: number) => n.toLocaleString('en-US').replace(/,/g, ',?');
afterEach(cleanup);

describe('Map view under StrictMode', () => {
  it('lays out and draws the default map when the view mounts (effects run twice)', async () => {
    openApp('?view=predict&data=demo-ood&models=amn');
    await waitFor(() => expect(useAppStore.getState().models.map((m) => m.id)).toContain('amn'), {
      timeout: 60_000,
    });
    fireEvent.click(screen.getByRole('tab', { name: 'Map' }));
    const status = await screen.findByTestId('map-status', {}, { timeout: 90_000 });
    // Every OOD window: its target and AMN's prediction.
    const n = windowCount('demo-ood');
    expect(status.textContent).toMatch(new RegExp(`^${num(2 * n)} points · ${num(n)} windows`));
  }, 120_000);

  it('keeps laying out when the user leaves and comes back', async () => {
    openApp('?view=map&data=demo-val&models=amn');
    await screen.findByText('Laying out the map…', {}, { timeout: 60_000 });
    fireEvent.click(screen.getByRole('tab', { name: 'Predict' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Map' }));
    const status = await screen.findByTestId('map-status', {}, { timeout: 90_000 });
    expect(status.textContent).toMatch(new RegExp(`${num(windowCount('demo-val'))} windows`));
    await waitFor(() => expect(screen.queryByText(/Layout cancelled/)).toBeNull());
  }, 120_000);

  it('filters by topic and cosine, and Apply to Compare narrows Compare to those windows', async () => {
    // demo-val: its articles have several topics (the OOD sample's are all 'Wikipedia article')
    openApp('?view=map&data=demo-val&models=amn');
    await screen.findByTestId('map-status', {}, { timeout: 90_000 });
    const filters = screen.getByTestId('map-filters');
    expect(screen.queryByTestId('map-passing')).toBeNull();
    const topic = within(filters).getAllByRole('combobox')[0] as HTMLSelectElement;
    const chosen = topic.options[1].value;
    fireEvent.change(topic, { target: { value: chosen } });
    fireEvent.change(within(filters).getByLabelText('minimum cosine'), {
      target: { value: '0.5' },
    });
    const total = windowCount('demo-val');
    const passing = Number(
      screen
        .getByTestId('map-passing')
        .textContent!.replace(/,/g, '')
        .match(new RegExp(`^(\\d+) of ${total}`))![1],
    );
    expect(passing).toBeGreaterThan(0);
    expect(passing).toBeLessThan(total);
    fireEvent.click(within(filters).getByRole('button', { name: 'Apply to Compare' }));

    // Checked against the data itself: every window handed over is from the chosen topic.
    const selection = useAppStore.getState().mapSelection;
    expect(selection).toHaveLength(passing);
    const ds = getDataset('demo-val')!;
    const w = windowsFor(ds, contextLength(useAppStore.getState().models, ds));
    const topicOfWindow = (i: number) =>
      ds.articles!.find((a) => a.id === ds.stream!.articleIds![w.targetIndex[i]])!.topic;
    expect(selection.every((i) => topicOfWindow(i) === chosen)).toBe(true);
    const focus = await screen.findByTestId('map-focus', {}, { timeout: 90_000 });
    expect(focus.textContent).toContain(`Showing the ${passing} windows selected on the Map`);
  }, 180_000);
});
