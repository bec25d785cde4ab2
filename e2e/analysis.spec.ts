import { expect, test } from '@playwright/test';

// Analysis of the shipped val split: it runs on open, draws a figure per slice key and the
// geometry, and a worst slice opens its first window in Predict and focuses Compare on the slice.
test('analysis: slices, geometry, and a worst slice opens Predict and focuses Compare', async ({
  page,
}) => {
  await page.goto('/?view=analysis&data=demo-val&models=gru,amn');
  const worst = page.getByTestId('worst-slices');
  await expect(worst.locator('tbody tr').first()).toBeVisible({ timeout: 90_000 });

  const slices = page.getByTestId('analysis-slices');
  for (const key of ['position', 'topic', 'coherence', 'novelty', 'length']) {
    // plotly drew the figure: one line per predictor and metric
    await expect(
      slices.locator(`[data-slice="${key}"] .scatterlayer .trace`).first(),
    ).toBeAttached();
  }
  const geometry = page.getByTestId('analysis-geometry');
  await expect(geometry.locator('tr[data-model="gru"] td').nth(3)).toHaveText(/^\d+\.\d$/);
  await expect(geometry.locator('.boxlayer .trace').first()).toBeAttached();

  const first = worst.locator('tbody tr').first();
  const windows = Number(await first.locator('td').nth(2).textContent());
  expect(windows).toBeGreaterThanOrEqual(20);
  await first.getByRole('button', { name: 'Open in Predict' }).click();
  await expect(page).toHaveURL(/view=predict/);
  await expect(page.getByRole('tabpanel', { name: 'Predict' })).toBeVisible();

  await page.getByRole('tab', { name: 'Compare' }).click();
  await expect(page.getByTestId('map-focus')).toContainText(`Showing the ${windows} windows`, {
    timeout: 90_000,
  });
});
