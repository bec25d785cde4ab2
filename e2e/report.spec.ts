import { expect, test } from '@playwright/test';
import { pathToFileURL } from 'node:url';

test('compare: the HTML report opens from disk, shows the table and requests nothing', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.goto('/?view=compare&data=demo-ood&models=amn,gru');
  const table = page.getByTestId('compare-table');
  // a split this small is scored on opening
  await expect(table.locator('tr[data-model="gru"] td[data-metric="hit1"]')).toHaveAttribute(
    'data-value',
    /\d/,
    { timeout: 180_000 },
  );
  const shown = await table
    .locator('tr[data-model]')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')));

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export report (.html)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('ood_report.html');
  const path = testInfo.outputPath('report.html');
  await file.saveAs(path);

  const report = await context.newPage();
  const requests: string[] = [];
  const violations: string[] = [];
  report.on('request', (r) => requests.push(r.url()));
  report.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await report.goto(pathToFileURL(path).href);
  await expect(report.locator('h1')).toHaveText('LVM Lens report · Demo · OOD');
  const rows = report.locator('table.metrics tr[data-model]');
  await expect(rows).toHaveCount(shown.length);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')))).toEqual(
    shown,
  );
  await expect(report.locator('tr[data-model="amn"] td').last()).toHaveText(/^[0-9a-f]{64}$/);
  // the report's own Hit@K and cosine charts, plus the SVG of each plot drawn on screen at export
  // time (how many depends on which plots Compare had drawn when the button was pressed)
  await expect(report.locator('svg').nth(1)).toBeAttached();
  await report.getByText(/^Per-window results/).click();
  await expect(report.locator('table.per-window tbody tr').first()).toBeVisible();
  await report.waitForLoadState('networkidle');
  expect(requests.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(true);
  expect(violations).toEqual([]);
});
