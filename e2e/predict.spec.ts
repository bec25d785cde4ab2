import { expect, test, type Page } from '@playwright/test';

interface Manifest {
  k: number;
  models: { id: string; name: string; K: number }[];
}
const BASELINES = ['linear_average', 'persistence', 'global_mean'];

/** The manifest's fleet at its K: what the app selects on opening (the K = 32 model is a chip to pick). */
async function manifest(page: Page): Promise<Manifest> {
  const res = await page.request.get('/models/manifest.json');
  const all = (await res.json()) as Manifest;
  return { ...all, models: all.models.filter((m) => m.K === all.k) };
}
const column = (page: Page, id: string) =>
  page.locator(`[data-testid="prediction-column"][data-model="${id}"]`);

// The landing screen: the demo OOD window 0 with every shipped model's and baseline's neighbours.
test('predict: shows a window with every model and baseline, ten neighbours each', async ({
  page,
}) => {
  const { models } = await manifest(page);
  await page.goto('/');
  await expect(page.getByLabel('Context sentences').locator('li')).toHaveCount(5);
  await expect(page.getByTestId('target')).toContainText(/\w+/);
  for (const id of [...models.map((m) => m.id), ...BASELINES]) {
    const col = column(page, id);
    await expect(col, id).toBeVisible({ timeout: 90_000 });
    await expect(col.locator('.neighbours li')).toHaveCount(10);
    await expect(col.getByTestId('rank')).toHaveText(/^\d+$/);
    await expect(col.getByTestId('cosine')).toHaveText(/^-?\d\.\d{3}$/);
  }
  // Persistence predicts the last context sentence, which is excluded: it never shows up.
  const last = await page.getByLabel('Context sentences').locator('li').last().innerText();
  await expect(column(page, 'persistence').locator('.neighbours')).not.toContainText(last);
});

test('predict: keys step through windows and articles, the URL follows', async ({ page }) => {
  await page.goto('/?view=predict&data=demo-ood&window=0');
  await expect(column(page, 'persistence')).toBeVisible({ timeout: 90_000 });
  const title = await page.locator('.window-text h2').innerText();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/window=1(&|$)/);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/window=0(&|$)/);
  await page.keyboard.press('n');
  await expect(page.locator('.window-text h2')).not.toHaveText(title);
  await page.getByRole('button', { name: 'Random' }).click();
  await expect(page.getByLabel('Window index')).not.toHaveValue('');
});

test('predict: a copied URL reopens the same view, data, models and window', async ({
  page,
  browser,
}) => {
  const { models } = await manifest(page);
  const pick = models.slice(0, 2).map((m) => m.id);
  await page.goto(`/?view=predict&data=demo-val&models=${pick.join(',')}&window=7`);
  await expect(column(page, pick[0])).toBeVisible({ timeout: 90_000 });
  await expect(page.getByLabel('Window index')).toHaveValue('7');
  const target = await page.getByTestId('target').innerText();
  const url = page.url();

  const other = await browser.newPage();
  await other.goto(url);
  for (const id of pick) await expect(column(other, id)).toBeVisible({ timeout: 90_000 });
  await expect(other.getByLabel('Window index')).toHaveValue('7');
  await expect(other.getByTestId('target')).toHaveText(target);
  await expect(other.getByRole('tab', { name: 'Predict' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  for (const m of models.slice(2)) await expect(column(other, m.id)).toHaveCount(0);
  const columns = () =>
    other
      .getByTestId('prediction-column')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-model')));
  await expect.poll(columns).toEqual([...pick, ...BASELINES]);
  await other.close();
});
