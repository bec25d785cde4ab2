// @vitest-environment jsdom
/**
 * The report as the user gets it: the whole app (StrictMode, real engine and retrieval in-process)
 * on the demo; the download is caught where downloadBlob hands it to the browser.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureDownloads, type Download } from '../../test/downloads';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';
import { parseNpy } from '../../data/npy';
import { REPORT_CSP } from './reportHtml';

let downloads: Download[] = [];
beforeAll(() => {
  installInProcessWorkers();
  downloads = captureDownloads();
});
afterEach(cleanup);

const fileSha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('Export report (.html)', () => {
  it('downloads one page with every row of the table, the model file hashes and the CSP', async () => {
    openApp('?view=compare&data=demo-ood&models=amn,gru');
    const table = await screen.findByTestId('compare-table', {}, { timeout: 60_000 });
    const shown = Array.from(table.querySelectorAll('tr[data-model]'), (tr) =>
      tr.getAttribute('data-model'),
    );
    expect(shown).toEqual(expect.arrayContaining(['amn', 'gru', 'linear_average']));

    fireEvent.click(screen.getByRole('button', { name: 'Export report (.html)' }));
    await waitFor(() => expect(downloads.length).toBe(1), { timeout: 30_000 });
    const { name, blob } = downloads[0];
    expect(name).toBe('ood_report.html');
    const html = await blob.text();
    const doc = new DOMParser().parseFromString(html, 'text/html');

    const rows = Array.from(doc.querySelectorAll('table.metrics tr[data-model]'));
    expect(rows.map((tr) => tr.getAttribute('data-model'))).toEqual(shown);
    const cell = (id: string) => doc.querySelector(`tr[data-model="${id}"] td:last-child`)!;
    // the hash the app recorded at load is the hash of the shipped file itself
    expect(cell('amn').textContent).toBe(fileSha('public/models/amn.onnx'));
    expect(cell('gru').textContent).toBe(fileSha('public/models/gru.onnx'));
    // the dataset's hash is of its float32 vectors as loaded: here, the .npy's data section
    const npy = parseNpy(new Uint8Array(readFileSync('public/data/ood.vectors.npy')).buffer);
    const data = npy.data as Float32Array;
    const vectorsSha = createHash('sha256')
      .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      .digest('hex');
    expect(doc.body.textContent).toContain(vectorsSha);
    expect(
      doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content'),
    ).toBe(REPORT_CSP);
    expect(html).not.toMatch(/<script/i);
    expect(doc.body.textContent).toContain('?view=compare&data=demo-ood&models=amn,gru');
  }, 120_000);
});
