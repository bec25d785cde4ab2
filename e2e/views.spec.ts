import { expect, test, type Locator, type Page } from '@playwright/test';
import { BASELINES, checkPlots, htmlTextProblems, MODELS, SHIPPED, VIEWPORT } from './figures';

/**
 * Every view but the Map and Compare (e2e/figures.spec.ts) as a researcher would screenshot it
 * for a paper: the demo at 1440 × 1000 with the K=5 models, no text over text or cut off (page
 * text line by line; every plot's ticks, titles, legend and annotations), every scatter and box
 * plot's data spanning more than half of each numeric axis, every plot's SVG download valid, and
 * the view against a committed picture (e2e/__screenshots__/views.spec.ts/). Timings are masked.
 * The Bench view is shown before a run: its table is timings, new on every run. The storage quota
 * is masked too (the browser's, not the app's).
 */
test.use({ viewport: VIEWPORT });

// Share of pixels a view's picture may differ from its reference. Measured on this machine
// (FIGURES_MAX_DIFF=0): two preview runs, and a dev run against the preview's references, differ
// by 0 pixels on every view. A hand-set y range on Attention's rollout plot changed 12,822 pixels
// (0.22% of the page), dense tick labels on the Checkpoints curves 7,522 (0.35%): 0.1% catches both.
const maxDiffPixelRatio = Number(process.env.FIGURES_MAX_DIFF ?? 0.001);

const ALL = MODELS.join(',');

/** Screenshot of the view (timings masked), then its text and plots checked: soft, all at once. */
async function checkView(page: Page, name: string, plots: boolean, mask: Locator[] = []) {
  await page.mouse.move(0, 0); // no hover label, no plotly mode bar in the picture
  // the picture is the view, not the window's empty rest below a short one (whose height would
  // follow the header's, which wraps while models load)
  await page.addStyleTag({ content: '.app-main { flex: none; }' });
  await page.waitForTimeout(500);
  await expect
    .soft(page.getByRole('tabpanel'))
    .toHaveScreenshot(`${name}.png`, { maxDiffPixelRatio, mask });
  const text = await htmlTextProblems(page, 'body');
  expect.soft(text.overlaps, `${name}: text over text`).toEqual([]);
  expect.soft(text.clipped, `${name}: text cut off`).toEqual([]);
  if (plots) expect(await checkPlots(page, 'main')).toBeGreaterThan(0);
}

/** Every shipped model loaded (the Models and Data views describe them all). */
async function allLoaded(page: Page) {
  await expect(page.locator('ul[aria-label="Models"] li.model-chip:not(.loading)')).toHaveCount(
    SHIPPED.length,
    { timeout: 240_000 },
  );
}

/** Every figure on the view has its chart drawn. */
async function plotsDrawn(page: Page, atLeast: number) {
  const plots = page.locator('main figure.plot');
  await expect(plots.nth(atLeast - 1).locator('.js-plotly-plot')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('main figure.plot:not(:has(.js-plotly-plot))')).toHaveCount(0);
}

test('predict: a column per model and baseline, nothing over anything', async ({ page }) => {
  await page.goto(`/?view=predict&data=demo-ood&models=${ALL}&window=3`);
  const columns = page.getByTestId('prediction-column');
  await expect(columns).toHaveCount(MODELS.length + BASELINES.length, { timeout: 240_000 });
  await expect(columns.getByTestId('rank')).toHaveCount(MODELS.length + BASELINES.length);
  await checkView(page, 'predict', false, [page.locator('.column-stats dd:has-text(" ms")')]);
});

test('analysis: every slice figure and the geometry', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`/?view=analysis&data=demo-val&models=${ALL}`);
  await expect(page.getByTestId('worst-slices').locator('tbody tr').first()).toBeVisible({
    timeout: 240_000,
  });
  await plotsDrawn(page, 3);
  await checkView(page, 'analysis', true);
});

test('attention: one window, the split, the noise sweep and the rollout', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto(`/?view=attention&data=demo-ood&models=${ALL}&window=3`);
  await expect(page.locator('[data-testid="saliency-bar"]')).toHaveCount(5 * MODELS.length, {
    timeout: 240_000,
  });
  await page.getByLabel('Windows to analyse').selectOption('200');
  await page.getByRole('button', { name: 'Analyse split' }).click();
  await expect(page.getByTestId('split-spearman')).toBeVisible({ timeout: 240_000 });
  await page.getByRole('button', { name: 'Run noise sweep' }).click();
  await expect(page.getByRole('figure', { name: /vs noise size/ })).toBeVisible({
    timeout: 240_000,
  });
  await page.getByRole('button', { name: 'Run rollout' }).click();
  await expect(page.getByRole('figure', { name: /per step/ })).toBeVisible({ timeout: 240_000 });
  await plotsDrawn(page, 6);
  await checkView(page, 'attention', true);
});

test('write: five sentences, a column per model and baseline', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`/?view=write&models=${ALL}`);
  await page
    .getByLabel('Your text')
    .fill(
      'The Danube is the second-longest river in Europe. It rises in the Black Forest in Germany ' +
        'and flows east. The river passes through ten countries on its way to the Black Sea. ' +
        'Vienna, Budapest and Belgrade all stand on its banks. It has long been an important ' +
        'trade route.',
    );
  const columns = page.getByTestId('write-column');
  await expect(columns.locator('.write-step').first()).toBeVisible({ timeout: 240_000 });
  for (const col of await columns.all())
    await expect(col.locator('.hit')).toHaveCount(3, { timeout: 120_000 });
  await expect(page.getByTestId('step-round-trip').first()).toBeVisible({ timeout: 120_000 });
  await checkView(page, 'write', false);
});

test('models: every shipped model described', async ({ page }) => {
  await page.goto(`/?view=models&models=${ALL}`);
  await allLoaded(page);
  await expect(page.locator('.model-panel')).toHaveCount(SHIPPED.length);
  await checkView(page, 'models', false, [
    page.locator('.model-facts dd:has-text(" ms")'),
    page.getByTestId('backend-summary'),
    page.getByTestId('storage-used'), // the browser's quota
  ]);
});

test('data: the shipped datasets', async ({ page }) => {
  await page.goto(`/?view=data&data=demo-ood&models=${ALL}`);
  await expect(
    page.getByRole('table', { name: 'Loaded datasets' }).locator('tbody tr'),
  ).not.toHaveCount(0, { timeout: 120_000 });
  await allLoaded(page); // the table counts windows for every loaded model's K
  await checkView(page, 'data', false, [page.getByTestId('storage-used')]);
});

test('bench: before a run (its table is timings, new every run)', async ({ page }) => {
  await page.goto('/?view=bench');
  await expect(page.getByRole('group', { name: 'Models' }).getByRole('checkbox')).not.toHaveCount(
    0,
  );
  await checkView(page, 'bench', false);
});

test('checkpoints: three epochs of an AMN-like model on the OOD split', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?view=checkpoints&data=demo-ood&models=amn');
  await page
    .getByLabel('Load checkpoints')
    .setInputFiles([1, 2, 3].map((e) => `e2e/fixtures/checkpoints/amn-like_epoch0${e}.onnx`));
  await expect(page.getByTestId('checkpoint-metrics')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('changed-mind').locator('tbody tr').first()).toBeVisible();
  await plotsDrawn(page, 1);
  await checkView(page, 'checkpoints', true);
});
