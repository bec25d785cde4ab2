import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';

// A researcher's session with their own work, end to end: two 768-D models with their own I/O
// names (one a real ONNX GRU with a fixed batch of 1) and a 768-D windows file, all written by
// scripts/make_researcher_fixtures.py. They are scored in Compare while the shipped 384-D models
// stay in view, greyed with the reason; the exported predictions are the models' own outputs
// (onnxruntime in Python) and the per-window CSV holds one row per window.

const FIX = 'e2e/fixtures/researcher';
const DATA = 'windows_768.npz';
const MODELS = [
  { file: 'pool_mlp.onnx', input: 'ctx_embeddings [batch, 5, 768]', output: 'next_vec' },
  { file: 'gru_b1.onnx', input: 'sentences [1, 5, 768]', output: 'predicted_embedding' },
];
const N = 40;
const D = 768;

interface Npy {
  shape: number[];
  data: Float32Array;
}

/** A little-endian float32 C-order .npy, read here rather than by the app's own parser. */
function readNpy(bytes: Uint8Array): Npy {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  const wide = buf[6] >= 2; // format 2.0+ has a 4-byte header length
  const start = wide ? 12 : 10;
  const end = start + (wide ? buf.readUInt32LE(8) : buf.readUInt16LE(8));
  const header = buf.subarray(start, end).toString('latin1');
  expect(header).toMatch(/'descr': '<f4'/);
  expect(header).toMatch(/'fortran_order': False/);
  const shape = header
    .match(/'shape': \(([^)]*)\)/)![1]
    .split(',')
    .filter((s) => s.trim())
    .map(Number);
  const body = Uint8Array.from(buf.subarray(end)); // copied: aligned for Float32Array
  return { shape, data: new Float32Array(body.buffer) };
}

const fixtureNpy = (name: string) => readNpy(readFileSync(`${FIX}/${name}`));
const targets = () => readNpy(unzipSync(readFileSync(`${FIX}/${DATA}`))['targets.npy']);

/** Cosine of row i of `a` with row i of `b`, for every row. */
function rowCosines(a: Float32Array, b: Float32Array, d: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length / d; i++) {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let j = i * d; j < (i + 1) * d; j++) {
      ab += a[j] * b[j];
      aa += a[j] * a[j];
      bb += b[j] * b[j];
    }
    out.push(ab / Math.sqrt(aa * bb));
  }
  return out;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** Clicks a download button; the file's suggested name and bytes. */
async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const event = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  const d = await event;
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

test('a researcher scores their own 768-D models on their own windows and exports the results', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const manifest = (await (await page.request.get('/models/manifest.json')).json()) as {
    models: { id: string; D: number }[];
  };

  // the app opens with the shipped models
  await page.goto('/?view=models');
  const chip = (id: string) =>
    page.locator(`ul[aria-label="Models"] li.model-chip:not(.loading)[data-model="${id}"]`);
  for (const m of manifest.models) await expect(chip(m.id)).toHaveCount(1, { timeout: 120_000 });

  // their models, picked in the Models view; the app reads their own input and output names
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load an ONNX model' }).click();
  await (await chooser).setFiles(MODELS.map((m) => `${FIX}/${m.file}`));
  const ids: Record<string, string> = {};
  for (const m of MODELS) {
    const panel = page.getByRole('article', { name: m.file });
    await expect(panel.getByTestId('model-backend')).toHaveText(/WASM|WebGPU/, {
      timeout: 60_000,
    });
    await expect(panel).toContainText(m.input);
    await expect(panel).toContainText(`${m.output} [`);
    await expect(panel).toContainText('(prediction)');
    ids[m.file] = (await panel.getAttribute('data-model-id'))!;
  }
  await expect(page.getByRole('alert')).toHaveCount(0);

  // their windows, in the Data view
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.getByLabel('Load vector files').setInputFiles(`${FIX}/${DATA}`);
  const row = page.getByRole('table', { name: 'Loaded datasets' }).locator('tbody tr', {
    hasText: DATA,
  });
  await expect(row).toContainText(String(D));
  await expect(row).toContainText(`K=5: ${N}`);

  // picked in the workspace bar: their models fit, the shipped ones are greyed with the reason
  const picker = page.getByRole('combobox', { name: 'Dataset', exact: true });
  const option = picker.locator('option', { hasText: DATA });
  await picker.selectOption((await option.getAttribute('value'))!);
  await expect(picker.locator('option:checked')).toContainText(DATA);
  for (const m of MODELS) {
    await expect(chip(ids[m.file])).not.toHaveClass(/unfit/);
    await expect(chip(ids[m.file]).getByRole('checkbox')).toBeChecked();
  }
  for (const m of manifest.models) {
    const reason = `expects ${m.D}-D; ${DATA} is ${D}-D`;
    await expect(chip(m.id)).toHaveClass(/unfit/);
    await expect(chip(m.id)).toHaveAttribute('title', reason);
    await chip(m.id).getByRole('checkbox').check();
    await expect(chip(m.id).locator('.chip-reason')).toHaveText(reason);
  }

  // Compare scores a split this small on opening; the shipped models are listed as not run
  await page.getByRole('tab', { name: 'Compare' }).click();
  const table = page.getByTestId('compare-table');
  const reference: Record<string, Npy> = {};
  const wanted = targets();
  expect(wanted.shape).toEqual([N, D]);
  for (const m of MODELS) {
    reference[m.file] = fixtureNpy(m.file.replace('.onnx', '.reference.npy'));
    const cosine = table.locator(`tr[data-model="${ids[m.file]}"] td[data-metric="cosine_mean"]`);
    await expect(cosine).toHaveAttribute('data-value', /\d/, { timeout: 120_000 });
    const cosines = rowCosines(reference[m.file].data, wanted.data, D);
    const mean = cosines.reduce((a, b) => a + b, 0) / N;
    expect(Math.abs(Number(await cosine.getAttribute('data-value')) - mean), m.file).toBeLessThan(
      1e-4,
    );
  }
  for (const m of manifest.models) {
    await expect(table.locator(`tr.not-run[data-model="${m.id}"]`)).toContainText(
      `expects ${m.D}-D; ${DATA} is ${D}-D`,
    );
  }
  await expect(page.getByRole('button', { name: /^(Run evaluation|Re-run)$/ })).toBeEnabled();

  // each model's predictions are its own outputs on every window, in window order
  for (const m of MODELS) {
    const file = await download(page, `Export predictions of ${m.file} (.npy)`);
    expect(file.name).toMatch(/\.npy$/);
    const got = readNpy(file.bytes);
    expect(got.shape).toEqual([N, D]);
    expect(maxAbsDiff(got.data, reference[m.file].data), m.file).toBeLessThanOrEqual(1e-4);
  }

  // one CSV row per window, with each of their models' cosine on that window
  const csv = await download(page, 'Export per-window results (.csv)');
  expect(csv.name).toMatch(/\.csv$/);
  const lines = csv.bytes.toString('utf8').trim().split(/\r?\n/);
  expect(lines.length).toBe(N + 1);
  const header = lines[0].split(',');
  const cells = lines.slice(1).map((l) => l.split(','));
  expect(cells.map((c) => Number(c[header.indexOf('window')]))).toEqual(
    Array.from({ length: N }, (_, i) => i),
  );
  for (const m of MODELS) {
    const col = header.indexOf(`${ids[m.file]}_cosine`);
    expect(col, `${ids[m.file]}_cosine in ${lines[0]}`).toBeGreaterThanOrEqual(0);
    const expected = rowCosines(reference[m.file].data, wanted.data, D);
    expect(
      maxAbsDiff(
        cells.map((c) => Number(c[col])),
        expected,
      ),
      m.file,
    ).toBeLessThan(1e-4);
  }
  expect(pageErrors).toEqual([]);
});
