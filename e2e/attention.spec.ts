import { expect, test, type Page } from '@playwright/test';

const bars = (page: Page, testid: string, model: string) =>
  page.locator(`[data-testid="${testid}"][data-model="${model}"]`);

async function values(page: Page, testid: string, model: string): Promise<number[]> {
  return bars(page, testid, model).evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-value'))),
  );
}

test('attention: AMN bars for a window sum to 1; GRU gets occlusion saliency', async ({ page }) => {
  await page.goto('/?view=attention&data=demo-ood&window=3');
  await expect(page.getByRole('tab', { name: 'Attention' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const table = page.getByTestId('window-attention');
  await expect(bars(page, 'attention-bar', 'amn')).toHaveCount(5, { timeout: 90_000 });
  // one bar per context sentence, in the row of that sentence
  await expect(table.locator('tbody tr')).toHaveCount(5);
  const amn = await values(page, 'attention-bar', 'amn');
  expect(Math.abs(amn.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
  // the Transformer's bars are the mean of its heads, so they sum to 1 as well
  await expect(bars(page, 'attention-bar', 'transformer')).toHaveCount(5);
  // models without attention still get an explanation
  await expect(bars(page, 'saliency-bar', 'gru')).toHaveCount(5);
  await expect(bars(page, 'saliency-bar', 'lstm')).toHaveCount(5);
  await expect(bars(page, 'attention-bar', 'gru')).toHaveCount(0);
  const gru = await values(page, 'saliency-bar', 'gru');
  expect(gru.every(Number.isFinite)).toBe(true);
  expect(gru.some((v) => v !== 0)).toBe(true);
  await expect(page.getByTestId('window-spearman')).toContainText('AMN');
});

test('attention: the OOD split heatmap, sortable; a split run can be cancelled', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/?view=attention&data=demo-ood&window=0');
  // every model loaded (results are computed for the models present when Run is pressed)
  await expect(bars(page, 'saliency-bar', 'gru')).toHaveCount(5, { timeout: 90_000 });
  await expect(bars(page, 'attention-bar', 'transformer')).toHaveCount(5);
  const split = page.getByRole('region', { name: 'Across the split' });
  // a cancelled run shows nothing and leaves the button ready
  await split.getByRole('button', { name: 'Analyse split' }).click();
  await expect(split.getByRole('progressbar')).toBeVisible();
  // the shared bar stays in its panel's flow (a global Compare rule once made it position: absolute)
  expect(await split.locator('.progress-bar').evaluate((el) => getComputedStyle(el).position)).toBe(
    'static',
  );
  await split.getByRole('button', { name: 'Cancel' }).click();
  await expect(split.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByTestId('attention-heatmap')).toHaveCount(0);

  await page.getByLabel('Windows to analyse').selectOption('200');
  await split.getByRole('button', { name: 'Analyse split' }).click();
  const heatmap = page.locator('[data-testid="attention-heatmap"][data-model="amn"]');
  await expect(heatmap).toBeVisible({ timeout: 120_000 });
  await expect(heatmap).toHaveAttribute('data-rows', '200');
  await expect(heatmap.locator('.main-svg').first()).toBeVisible();
  await expect(
    page.locator('[data-testid="attention-heatmap"][data-model="transformer"]'),
  ).toBeVisible();
  await expect(page.getByTestId('split-spearman').locator('tbody tr')).toHaveCount(2);
  await page.getByLabel('Sort windows by').first().selectOption('entropy');
  await expect(page.getByLabel('Sort windows by').first()).toHaveValue('entropy');
  await expect(page.getByRole('figure', { name: /Recency profile/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Re-run' })).toBeVisible();
});

test('attention: a context edit reruns every model live; rollout plots per step', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/?view=attention&data=demo-ood&window=0');
  const edited = page.locator(
    '[data-testid="edit-results"] tr[data-model="gru"] [data-testid="edited-cosine"]',
  );
  await expect(edited).toHaveText(/^-?\d\.\d{3}$/, { timeout: 90_000 });
  const before = await edited.innerText();
  await page.getByLabel('Edit position').selectOption('4');
  // a sentence from another article (a nearby index could be the one it replaces)
  await page.getByLabel('Bank sentence').fill('1500');
  await page.getByRole('button', { name: 'Swap' }).click();
  await expect(page.getByLabel('Edits').locator('li')).toHaveCount(1);
  await expect(edited).not.toHaveText(before);

  await page.getByLabel('Windows to analyse').selectOption('200');
  await page.getByLabel('Rollout steps').selectOption('3');
  await page.getByRole('button', { name: 'Run rollout' }).click();
  await expect(page.getByRole('figure', { name: /true future sentence per step/ })).toBeVisible({
    timeout: 120_000,
  });
});
