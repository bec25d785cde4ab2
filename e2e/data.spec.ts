import { expect, test, type Page } from '@playwright/test';

// Loading user vectors in real Chromium: a good file is listed; every bad file explains itself
// (file, expected, found) while what was loaded before stays listed.

const FIX = 'e2e/fixtures';

async function openData(page: Page) {
  await page.goto('/?view=data');
  await expect(page.getByRole('tab', { name: 'Data' })).toHaveAttribute('aria-selected', 'true');
}

async function load(page: Page, ...names: string[]) {
  await page.getByLabel('Load vector files').setInputFiles(names.map((n) => `${FIX}/${n}`));
}

/** The shipped models (name, D), or [] before any are shipped. */
async function shippedModels(page: Page): Promise<{ name: string; D: number }[]> {
  return page.evaluate(async () => {
    try {
      const r = await fetch('/models/manifest.json');
      const m = (await r.json()) as { models?: { name: string; D: number }[] };
      return m.models ?? [];
    } catch {
      return []; // not shipped yet: the server answers with the app's index.html
    }
  });
}

const rows = (page: Page) =>
  page.getByRole('table', { name: 'Loaded datasets' }).locator('tbody tr');

test('a user npz of windows is parsed in the worker and listed', async ({ page }) => {
  await openData(page);
  await load(page, 'user_windows.npz');
  const row = rows(page).filter({ hasText: 'user_windows.npz' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('384');
  await expect(row).toContainText('K=5: 8');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('bad files explain themselves and the loaded data stays listed', async ({ page }) => {
  await openData(page);
  await load(page, 'user_windows.npz');
  const kept = rows(page).filter({ hasText: 'user_windows.npz' });
  await expect(kept).toBeVisible();

  const cases: Array<[string, RegExp]> = [
    ['truncated.npy', /truncated\.npy is truncated: its header promises shape \(12, 100\)/],
    ['wrong_magic.npy', /wrong_magic\.npy is not a NumPy \.npy file/],
    ['vectors.xyz', /vectors\.xyz: unknown file type \.xyz; expected one of \.npy/],
    ['with_nan.npy', /with_nan\.npy has 2 rows with NaN or Inf values \(rows 2, 7\)/],
  ];
  for (const [name, message] of cases) {
    await load(page, name);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('Expected');
    await expect(alert).toContainText('Found');
    await expect(kept).toBeVisible();
  }

  // the NaN case offers to drop those rows, which then loads
  await page.getByRole('button', { name: 'Drop NaN rows and load' }).click();
  await expect(rows(page).filter({ hasText: 'with_nan.npy' })).toContainText('10');
  await expect(rows(page).filter({ hasText: 'with_nan.npy' })).toContainText(
    'dropped 2 rows holding NaN/Inf or all-zero vectors',
  );
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(kept).toBeVisible();
});

test('vectors of a dimension no loaded model reads still load', async ({ page }) => {
  await openData(page);
  const models = await shippedModels(page);
  // wait for every model panel: the refusal this guards against came from the loaded models
  await page.getByRole('tab', { name: 'Models' }).click();
  await expect(page.getByTestId('model-panel')).toHaveCount(models.length, { timeout: 120_000 });
  await page.getByRole('tab', { name: 'Data' }).click();
  await load(page, 'wrong_dim.npy');
  const row = rows(page).filter({ hasText: 'wrong_dim.npy' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('100');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
