import { expect, test } from '@playwright/test';

// Checkpoints of one model in real Chromium: three generated epochs of an AMN-like model
// (scripts/make_checkpoint_fixtures.py) on the shipped OOD split, metric curves with a point per
// epoch, the windows whose rank moved most between two picked epochs, and one opened in Predict.
const FILES = [3, 1, 2].map((e) => `e2e/fixtures/checkpoints/amn-like_epoch0${e}.onnx`);

test('checkpoints: three epochs give three points per curve, and a changed window opens in Predict', async ({
  page,
}) => {
  await page.goto('/?view=checkpoints&data=demo-ood&models=amn');
  await page.getByLabel('Load checkpoints').setInputFiles(FILES);
  const table = page.getByTestId('checkpoint-metrics');
  await expect(table).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('epoch-source')).toContainText('ONNX metadata');
  await expect(table.locator('tbody tr')).toHaveCount(4); // 3 epochs + the linear average

  // Plotly's own data: every metric curve has one point per epoch, in epoch order.
  const plot = page.locator('figure[aria-label="Metrics per epoch"] .js-plotly-plot');
  await expect(plot.locator('.scatterlayer').first()).toBeAttached({ timeout: 30_000 });
  const curves = await plot.evaluate((el) =>
    (el as unknown as { data: { name: string; mode: string; x: number[] }[] }).data
      .filter((t) => t.mode === 'lines+markers')
      .map((t) => ({ name: t.name, x: t.x })),
  );
  expect(curves.map((c) => c.name)).toEqual(['Mean cosine', 'Hit@1', 'Hit@5', 'Hit@10', 'MRR']);
  for (const c of curves) expect(c.x).toEqual([1, 2, 3]);

  await page.getByLabel('Before').selectOption('amn-like@2');
  await page.getByLabel('After').selectOption('amn-like@3');
  const changed = page.getByTestId('changed-mind');
  await expect(changed.locator('tbody tr')).toHaveCount(20);
  const first = changed.locator('tbody tr').first();
  const w = Number(await first.getAttribute('data-window'));
  await expect(first.locator('td[data-rank-before]')).toHaveText(/^\d+ → \d+$/);
  const before = await first.locator('td[data-rank-before]').getAttribute('data-rank-before');
  const after = await first.locator('td[data-rank-before]').getAttribute('data-rank-after');

  // Predict opens that window with exactly the two picked checkpoints, ranking the target as the table said.
  await first.getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`view=predict.*window=${w}(&|$)`));
  const column = (id: string) =>
    page.locator(`[data-testid="prediction-column"][data-model="${id}"]`);
  await expect(column('amn-like@2').getByTestId('rank')).toHaveText(before!, { timeout: 30_000 });
  await expect(column('amn-like@3').getByTestId('rank')).toHaveText(after!);
  await expect(column('amn')).toHaveCount(0);
});
