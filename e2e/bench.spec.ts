import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

/** Bench view with AMN alone at batch sizes 1 and 8 and the shortest time per size. */
async function smallRun(page: Page) {
  await page.goto('/?view=bench');
  await expect(page.getByRole('tab', { name: 'Bench' })).toHaveAttribute('aria-selected', 'true');
  const models = page.getByRole('group', { name: 'Models' }).getByRole('checkbox');
  await expect(models.first()).toBeVisible();
  for (const box of await models.all())
    if ((await box.getAttribute('value')) !== 'amn') await box.uncheck();
  for (const b of ['32', '128', '256', '512'])
    await page.getByRole('checkbox', { name: b, exact: true }).uncheck();
  await page.getByLabel('time per batch size').selectOption('500');
  await page.getByRole('button', { name: 'Run benchmark' }).click();
}

test('bench: AMN on WASM 1 thread and all cores, WebNN unavailable, exports CSV', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await smallRun(page);
  const table = page.getByTestId('bench-table');
  await expect(table).toBeVisible({ timeout: 150_000 });
  await expect(table.locator('tbody tr', { hasText: 'WASM 1 thread' })).toHaveCount(2);
  await expect(table.locator('tbody tr', { hasText: 'WASM 2 threads' })).toHaveCount(2);
  await expect(page.getByText(/ORT-web WebNN.*unavailable/)).toBeVisible();
  // ratios are to WASM 1 thread by default
  await expect(table.locator('tbody tr', { hasText: 'WASM 1 thread' }).first()).toContainText(
    '1.00x',
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    'model,runtime,batch,runs,load_ms,p50_ms,p95_ms,p99_ms,windows_per_s,p50_vs_baseline,p95_vs_baseline,p99_vs_baseline,throughput_vs_baseline',
  );
  expect(csv).toContain('amn,ORT-web WASM 1 thread,1,');
});

test('bench: a run can be cancelled', async ({ page }) => {
  await smallRun(page);
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Run benchmark' })).toBeEnabled();
});
