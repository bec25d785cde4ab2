// @vitest-environment jsdom
/**
 * The exports as the user gets them: the whole app with the real engine and retrieval kernel
 * in-process (src/test/inProcessWorkers.ts); downloads are caught where downloadBlob hands them to
 * the browser (URL.createObjectURL and the link's click).
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureDownloads, type Download } from '../../test/downloads';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';
import { getDataset } from '../../store/datasets';
import { parseNpy } from '../../data/npy';
import { cutWindows } from '../../data/windows';
import { cosineRows } from '../../metrics/cosine';

const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8'));
const amnK: number = manifest.models.find((m: { id: string }) => m.id === 'amn').K;

let downloads: Download[] = [];
beforeAll(() => {
  installInProcessWorkers();
  downloads = captureDownloads();
});
afterEach(() => {
  cleanup();
  downloads.length = 0;
});

async function download(buttonName: string) {
  fireEvent.click(screen.getByRole('button', { name: buttonName }));
  await waitFor(() => expect(downloads.length).toBeGreaterThan(0));
  return downloads.pop()!;
}

function metric(model: string, name: string): number {
  const cell = screen
    .getByTestId('compare-table')
    .querySelector(`tr[data-model="${model}"] td[data-metric="${name}"]`)!;
  return Number(cell.getAttribute('data-value'));
}

describe('Compare exports', () => {
  it('exports the predictions the table was computed from, and every window with its top 10', async () => {
    openApp('?view=compare&data=demo-val&models=amn');
    await screen.findByTestId('compare-table', {}, { timeout: 60_000 });
    expect(screen.getByTestId('bank-description').textContent).toMatch(
      /^Bank: [\d,]+ sentence vectors of the stream; each window's own context vectors excluded/,
    );
    const demo = getDataset('demo-val')!;
    const w = cutWindows(demo, amnK);

    const npy = await download('Export predictions of AMN (.npy)');
    expect(npy.name).toBe('amn_val_predictions.npy');
    const pred = parseNpy(await npy.blob.arrayBuffer());
    expect(pred.shape).toEqual([w.n, demo.dim]);
    const cos = cosineRows(pred.data as Float32Array, w.targets, w.n, demo.dim);
    const mean = cos.reduce((s, c) => s + c, 0) / w.n;
    expect(mean).toBeCloseTo(metric('amn', 'cosine_mean'), 6);

    const json = await download('Export per-window results (.json)');
    expect(json.name).toBe('val_per_window.json');
    const { windows, predictors } = JSON.parse(await json.blob.text());
    expect(predictors.map((p: { id: string }) => p.id)).toContain('linear_average');
    expect(windows).toHaveLength(w.n);
    type Row = Record<string, number & number[]>;
    const hit1 = windows.filter((r: Row) => r.amn_hit1 === 1).length / w.n;
    expect(hit1).toBeCloseTo(metric('amn', 'hit1'), 9);
    for (const r of windows as Row[]) {
      expect(r.amn_top10_ids).toHaveLength(10);
      // a target among the ten nearest has at most nine entries scoring higher
      if (r.amn_top10_ids.includes(r.target_id)) expect(r.amn_rank).toBeLessThanOrEqual(10);
    }
    // ranks 1 are the target itself at the top, bar exact ties
    const top1 = windows.filter((r: Row) => r.amn_rank === 1);
    const first = top1.filter((r: Row) => r.amn_top10_ids[0] === r.target_id).length;
    expect(first / top1.length).toBeGreaterThan(0.95);
    // neighbour scores are cosines: the target's own score is its cosine (bank rows re-normalised)
    for (const r of top1.filter((r: Row) => r.amn_top10_ids[0] === r.target_id))
      expect(Math.abs(r.amn_top10_scores[0] - r.amn_cosine)).toBeLessThan(1e-3);

    const csv = await download('Export per-window results (.csv)');
    expect(csv.name).toBe('val_per_window.csv');
    const text = await csv.blob.text();
    expect(text.split('\r\n')[0]).toMatch(
      /^window,article_id,article_title,target_position,target_id,amn_cosine,.*,amn_top10_ids,amn_top10_scores,/,
    );
  }, 120_000);
});

describe('Predict export', () => {
  it('exports the window on screen with each predictor and its ten neighbours', async () => {
    openApp('?view=predict&data=demo-val&models=amn&window=3');
    const column = await screen.findByText('AMN', { selector: 'h3' }, { timeout: 60_000 });
    expect(screen.getByTestId('bank-description').textContent).toMatch(/^Bank: /);
    const button = screen.getByRole('button', { name: 'Export this window (.json)' });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false), {
      timeout: 60_000,
    });
    const file = await download('Export this window (.json)');
    expect(file.name).toBe('val_window_3.json');
    const json = JSON.parse(await file.blob.text());
    expect(json.window).toBe(3);
    expect(json.context).toHaveLength(amnK);
    const amn = json.predictors.find((p: { id: string }) => p.id === 'amn');
    const shownRank = column.closest('article')!.querySelector('[data-testid="rank"]')!.textContent;
    expect(String(amn.rank)).toBe(shownRank);
    expect(amn.top10).toHaveLength(10);
    expect(typeof amn.top10[0].text).toBe('string');
  }, 120_000);
});
