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
  const manifest = isJson
    ? ((await res.json()) as { k: number; models: { id: string; K: number }[] })
    : { k: 5, models: [] };
  // The app opens with the fleet at the manifest's K selected; longer-context models are chips to pick.
  const models = manifest.models.filter((m) => m.K === manifest.k);
  const longer = manifest.models.filter((m) => m.K > manifest.k);

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

  // A model that reads more sentences than there are gets a column saying how many more to type.
  for (const m of longer) {
    await page
      .locator(`ul[aria-label="Models"] li.model-chip[data-model="${m.id}"]`)
      .getByRole('checkbox')
      .check();
    await expect(page.getByTestId('too-few')).toContainText(`type ${m.K - 5} more`);
    await expect(
      page.locator(`[data-testid="write-column"][data-model="${m.id}"]`).locator('.hit'),
    ).toHaveCount(0);
  }

  await page.getByLabel('Steps').fill('2');
  await page.getByRole('button', { name: 'Continue' }).click();
  const first = page.locator('[data-testid="write-column"]').first();
  await expect(first.locator('.write-step')).toHaveCount(3, { timeout: 60_000 });
  expect(foreign).toEqual([]);
});
