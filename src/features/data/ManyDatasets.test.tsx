// @vitest-environment jsdom
/**
 * Five datasets loaded one after another, each run through Compare, Predict and the Map, then
 * back to the first: it must still work. The whole app under StrictMode with the real workers
 * in-process (src/test/inProcessWorkers.ts), which detach transferred buffers as a browser does:
 * a buffer given to a worker while the page still owned it (the retrieval bank's value groups,
 * re-sent after the worker's three-bank cache forgot them) killed the first dataset.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { npyBytes, type FloatDescr } from '../../test/npyBytes';
import { openApp } from '../../test/openApp';
import { useAppStore } from '../../store';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

const D = 384; // the shipped AMN's width (checked against the loaded model below)
const ROWS = 30;

/** A stream of ROWS unit-ish vectors, different for every seed. */
function stream(seed: number): Float32Array {
  let s = seed * 2654435761;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return Float32Array.from({ length: ROWS * D }, rand);
}

const DTYPES: FloatDescr[] = ['<f4', '>f4', '<f8', '<f2', '>f8'];
const files = DTYPES.map(
  (descr, i) =>
    new File([npyBytes(stream(i + 1), [ROWS, D], descr).slice()], `s${i}_${descr.slice(1)}.npy`),
);

const tab = (name: string) => fireEvent.click(screen.getByRole('tab', { name }));
/** No error shown, apart from jsdom's missing WebGL (the map draws nothing here, but lays out). */
const noError = () =>
  expect(
    [...document.querySelectorAll('.error')]
      .map((e) => e.textContent)
      .filter((t) => !/no WebGL context/.test(t ?? '')),
  ).toEqual([]);

async function compareRuns(): Promise<void> {
  tab('Compare');
  await waitFor(
    () => {
      const cell = screen
        .getByTestId('compare-table')
        .querySelector('tr[data-model="amn"] td[data-metric="hit1"]');
      expect(cell?.getAttribute('data-value')).toMatch(/^[\d.]+$/);
    },
    { timeout: 60_000 },
  );
  noError();
}

async function predictRuns(): Promise<void> {
  tab('Predict');
  await waitFor(
    () => {
      const amn = screen
        .getAllByTestId('prediction-column')
        .find((c) => within(c).queryByLabelText(/AMN nearest sentences/i));
      expect(amn && within(amn).getByTestId('rank').textContent).toMatch(/^\d+$/);
    },
    { timeout: 60_000 },
  );
  expect(document.querySelector('.columns.stale')).toBeNull();
  noError();
}

async function mapRuns(): Promise<void> {
  tab('Map');
  await waitFor(() => expect(screen.getByTestId('map-status').textContent).toMatch(/windows/), {
    timeout: 90_000,
  });
  noError();
}

describe('many datasets in one session', () => {
  it('keeps the first of five loaded datasets usable after Compare, Predict and the Map ran on each', async () => {
    openApp('?view=data&models=amn');
    await waitFor(() => expect(useAppStore.getState().models.map((m) => m.id)).toContain('amn'), {
      timeout: 60_000,
    });
    expect(useAppStore.getState().models.find((m) => m.id === 'amn')!.signature.dim).toBe(D);
    for (const file of files) {
      tab('Data');
      const input = (await screen.findByLabelText(/Load vector files/)) as HTMLInputElement;
      fireEvent.change(input, { target: { files: [file] } });
      await waitFor(() => expect(useAppStore.getState().datasetId).toBe(`file:${file.name}`), {
        timeout: 60_000,
      });
      await compareRuns();
      await predictRuns();
      await mapRuns();
    }
    const select = screen.getByLabelText('Dataset') as HTMLSelectElement;
    fireEvent.change(select, { target: { value: `file:${files[0].name}` } });
    await predictRuns();
    await compareRuns();
  }, 600_000);
});
