import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { npyBytes, type FloatDescr } from '../src/test/npyBytes';

// Issue 23, "A loaded dataset dies": a windows .npz and five stream .npy files (float32, float64,
// float16, both byte orders) loaded one after another, each run through Compare, Predict and the
// Map; then back to the first. In real Chromium a buffer transferred to a worker while the page
// still owned it is detached, and re-sending it failed ("An ArrayBuffer is detached").

const ROWS = 30;
const DTYPES: FloatDescr[] = ['<f4', '>f4', '<f8', '<f2', '>f8'];

/** A stream of ROWS vectors, different for every seed. */
function stream(seed: number, d: number): Float32Array {
  let s = seed * 2654435761;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return Float32Array.from({ length: ROWS * d }, rand);
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name }).click();

async function runsEverywhere(page: Page): Promise<void> {
  await tab(page, 'Compare');
  await expect(
    page.locator('[data-testid="compare-table"] tr[data-model="amn"] td[data-metric="hit1"]'),
  ).toHaveAttribute('data-value', /^[\d.]+$/, { timeout: 90_000 });
  await tab(page, 'Predict');
  const amn = page
    .getByTestId('prediction-column')
    .filter({ has: page.getByLabel(/AMN nearest sentences/i) });
  await expect(amn.getByTestId('rank')).toHaveText(/^\d+$/, { timeout: 90_000 });
  await expect(page.locator('section.columns.stale')).toHaveCount(0, { timeout: 60_000 });
  await tab(page, 'Map');
  await expect(page.getByTestId('map-status')).toContainText('windows', { timeout: 120_000 });
  await expect(page.locator('.error')).toHaveCount(0);
}

test('the first of six loaded datasets still works after Compare, Predict and the Map ran on each', async ({
  page,
}, info) => {
  test.setTimeout(900_000);
  const manifest = (await (await page.request.get('/models/manifest.json')).json()) as {
    models: { id: string; D: number }[];
  };
  const d = manifest.models.find((m) => m.id === 'amn')!.D;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  const files = ['e2e/fixtures/user_windows.npz'];
  DTYPES.forEach((descr, i) => {
    const path = info.outputPath(`s${i}_${descr.slice(1)}.npy`);
    writeFileSync(path, npyBytes(stream(i + 1, d), [ROWS, d], descr));
    files.push(path);
  });

  await page.goto('/?view=data&models=amn');
  for (const file of files) {
    await tab(page, 'Data');
    await page.getByLabel('Load vector files').setInputFiles(file);
    const name = file.split('/').pop()!;
    await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue(`file:${name}`, {
      timeout: 60_000,
    });
    await runsEverywhere(page);
  }
  await page.getByLabel('Dataset', { exact: true }).selectOption('file:user_windows.npz');
  await runsEverywhere(page);
  expect(errors.filter((e) => /detached|could not be cloned/i.test(e))).toEqual([]);
});
