import { expect, test } from '@playwright/test';

const BASELINES = ['linear_average', 'persistence', 'global_mean'];
const TEXT = [
  'The Danube is the second-longest river in Europe.',
  'It rises in the Black Forest in Germany and flows east.',
  'The river passes through ten countries on its way to the Black Sea.',
  'Vienna, Budapest and Belgrade all stand on its banks.',
  'It has long been an important trade route.',
].join(' ');

// Text in, text out: five typed sentences, every model's and baseline's top-3 next sentences,
// a continued chain, and not a single request to another origin (the encoder runs on our files).
test('write: five sentences give every model a top-3 continuation, all on this origin', async ({
  page,
  baseURL,
}) => {
  const foreign: string[] = [];
  const origin = new URL(baseURL!).origin;
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))
      foreign.push(url);
  });
  // Before the shipped models land the preview answers index.html here: then baselines only.
  const res = await page.request.get('/models/manifest.json');
  const isJson = res.ok() && (res.headers()['content-type'] ?? '').includes('json');
  const models = isJson ? ((await res.json()) as { models: { id: string }[] }).models : [];

  await page.goto('/?view=write');
  await expect(page.getByText('Text in, text out')).toBeVisible();
  const box = page.getByLabel('Your text');
  await box.fill('The Danube is the second-longest river in Europe. It rises in the Black Forest.');
  await expect(page.getByTestId('too-few')).toContainText('3 more', { timeout: 90_000 });

  await box.fill(TEXT);
  await expect(page.getByLabel('Sentences').locator('ol > li')).toHaveCount(5);
  for (const id of [...models.map((m) => m.id), ...BASELINES]) {
    const col = page.locator(`[data-testid="write-column"][data-model="${id}"]`);
    await expect(col.locator('.hit'), id).toHaveCount(3, { timeout: 90_000 });
    await expect(col.locator('.score').first()).toHaveText(/^-?\d\.\d{3}$/);
  }

  await page.getByLabel('Steps').fill('2');
  await page.getByRole('button', { name: 'Continue' }).click();
  const first = page.locator('[data-testid="write-column"]').first();
  await expect(first.locator('.write-step')).toHaveCount(3, { timeout: 60_000 });
  expect(foreign).toEqual([]);
});
