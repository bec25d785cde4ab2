// @vitest-environment jsdom
/**
 * Checkpoints as the user sees it: the whole app under StrictMode, the real engine and retrieval
 * kernel in-process, the three generated checkpoints of e2e/fixtures/checkpoints loaded as files.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';
import { useAppStore } from '../../store';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

const DIR = 'e2e/fixtures/checkpoints';
const NAMES = ['amn-like_epoch03.onnx', 'amn-like_epoch01.onnx', 'amn-like_epoch02.onnx'];
const files = (rename = (n: string) => n) =>
  NAMES.map((n) => new File([readFileSync(`${DIR}/${n}`)], rename(n)));

function drop(list: File[]) {
  const input = screen.getByLabelText('Load checkpoints') as HTMLInputElement;
  fireEvent.change(input, { target: { files: list } });
}

const value = (t: HTMLElement, epoch: string, metric: string) =>
  Number(
    t
      .querySelector(`tr[data-epoch="${epoch}"] td[data-metric="${metric}"]`)!
      .getAttribute('data-value'),
  );

describe('Checkpoints view', () => {
  it('orders the checkpoints by their metadata epoch, draws a value per epoch and opens a changed window in Predict', async () => {
    openApp('?view=checkpoints&data=demo-ood&models=amn');
    drop(files((n) => n.replace(/epoch0(\d)/, 'e$1'))); // names without "epoch": the metadata decides
    const table = await screen.findByTestId('checkpoint-metrics', {}, { timeout: 90_000 });
    expect(screen.getByTestId('epoch-source').textContent).toMatch(/ONNX metadata/);
    expect(screen.getByTestId('checkpoint-list').textContent).toContain(
      'amn-like@1, amn-like@2, amn-like@3',
    );
    const rows = [...table.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-epoch'));
    expect(rows).toEqual(['1', '2', '3', 'baseline']);
    // Epoch 1 is the linear average exactly (correction weight 0); the random correction then hurts.
    expect(value(table, '1', 'cosineMean')).toBeCloseTo(value(table, 'baseline', 'cosineMean'), 5);
    expect(value(table, '3', 'cosineMean')).toBeLessThan(value(table, '2', 'cosineMean'));
    expect(value(table, '2', 'cosineMean')).toBeLessThan(value(table, '1', 'cosineMean'));

    const changed = await screen.findByTestId('changed-mind');
    expect((screen.getByLabelText('Before') as HTMLSelectElement).value).toBe('amn-like@1');
    expect((screen.getByLabelText('After') as HTMLSelectElement).value).toBe('amn-like@3');
    const moved = [...changed.querySelectorAll('tbody tr')];
    expect(moved.length).toBe(20);
    const shift = (r: Element) => {
      const cell = r.querySelector('td[data-rank-before]')!;
      return Math.abs(
        Math.log2(
          Number(cell.getAttribute('data-rank-after')) /
            Number(cell.getAttribute('data-rank-before')),
        ),
      );
    };
    expect(shift(moved[0])).toBeGreaterThanOrEqual(shift(moved[19]));

    fireEvent.change(screen.getByLabelText('After'), { target: { value: 'amn-like@2' } });
    const w = Number(
      screen.getByTestId('changed-mind').querySelector('tbody tr')!.getAttribute('data-window'),
    );
    fireEvent.click(
      within(screen.getByTestId('changed-mind')).getByRole('button', { name: `#${w}` }),
    );
    await waitFor(() => expect(useAppStore.getState().view).toBe('predict'));
    const s = useAppStore.getState();
    expect(s.windowIndex).toBe(w);
    expect(s.selectedModels).toEqual(['amn-like@1', 'amn-like@2']);
  }, 180_000);

  it('names a file that is not a model, and still scores the checkpoints that loaded', async () => {
    openApp('?view=checkpoints&data=demo-ood&models=amn');
    const junk = new File([new TextEncoder().encode('not an onnx model')], 'notes_epoch09.onnx');
    drop([...files().slice(0, 2), junk]);
    const table = await screen.findByTestId('checkpoint-metrics', {}, { timeout: 90_000 });
    const rows = [...table.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-epoch'));
    expect(rows).toEqual(['1', '3', 'baseline']);
    expect(screen.getByText(/^notes_epoch09\.onnx: /)).toBeTruthy();
  }, 180_000);

  it('keeps the loaded set when every file of a new drop fails', async () => {
    openApp('?view=checkpoints&data=demo-ood&models=amn');
    drop(files());
    await screen.findByTestId('checkpoint-metrics', {}, { timeout: 90_000 });
    const junk = (n: string) => new File([new TextEncoder().encode('not a model')], n);
    drop([junk('a_epoch1.onnx'), junk('b_epoch2.onnx')]);
    await screen.findByText(
      /none of the 2 files loaded; the previous set is kept/,
      {},
      {
        timeout: 90_000,
      },
    );
    const table = await screen.findByTestId('checkpoint-metrics', {}, { timeout: 90_000 });
    const rows = [...table.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-epoch'));
    expect(rows).toEqual(['1', '2', '3', 'baseline']);
    const ids = useAppStore.getState().models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['amn-like@1', 'amn-like@2', 'amn-like@3']));
  }, 180_000);

  it('loads two same-named files from different folders as two checkpoints', async () => {
    openApp('?view=checkpoints&data=demo-ood&models=amn');
    // epochs 1 and 3, both called model.onnx: the metadata tells their epochs apart
    drop([NAMES[1], NAMES[0]].map((n) => new File([readFileSync(`${DIR}/${n}`)], 'model.onnx')));
    const table = await screen.findByTestId('checkpoint-metrics', {}, { timeout: 90_000 });
    const rows = [...table.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-epoch'));
    expect(rows).toEqual(['1', '3', 'baseline']);
    // each row is its own file: epoch 1 is the linear average, epoch 3 is not
    expect(value(table, '1', 'cosineMean')).toBeCloseTo(value(table, 'baseline', 'cosineMean'), 5);
    expect(value(table, '3', 'cosineMean')).toBeLessThan(value(table, '1', 'cosineMean'));
  }, 180_000);
});
