import { expect, test } from '@playwright/test';
import { downloadedSvg, maxDiffPixelRatio, MODELS, overlaps, VIEWPORT } from './figures';

/**
 * Figures a researcher would put in a paper, checked on the demo at 1440 × 1000 with four models:
 * no text over text (the Map's cluster labels, every plot's tick labels), axes that fit their data
 * (the paired scatter, the Map's layout in its frame), every plot downloadable as a valid SVG, and
 * screenshots compared with committed references (e2e/__screenshots__), so that a label collision
 * or an axis range put back by hand turns this red twice over.
 */
test.use({ viewport: VIEWPORT });

test('map: fits its frame, labels apart, four models told apart, SVG export', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`/?view=map&data=demo-ood&models=${MODELS.join(',')}`);
  const status = page.getByTestId('map-status');
  // every selected model's predictions are in: points = (1 + models) × windows
  await expect
    .poll(
      async () => {
        const m = ((await status.textContent().catch(() => '')) ?? '').match(
          /^([\d,]+) points · (\d+) windows/,
        );
        return !!m && Number(m[1].replace(/,/g, '')) === (1 + MODELS.length) * Number(m[2]);
      },
      { timeout: 240_000 },
    )
    .toBe(true);
  await page.waitForTimeout(1000);

  expect(await overlaps(page, '[data-testid="map-label"]')).toEqual([]);
  // zoomed out, the clusters crowd together: their labels still never overlap (some are left out)
  await page.getByTestId('map-plot').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('-');
  await page.waitForTimeout(500);
  expect(await page.getByTestId('map-label').count()).toBeGreaterThan(0);
  expect(await overlaps(page, '[data-testid="map-label"]')).toEqual([]);
  await page.keyboard.press('0'); // fit again
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // no focus ring
  await page.waitForTimeout(500);
  // the layout fills its frame: the drawn points span more than half of it both ways
  const extent = await page.evaluate(() => {
    const src = document.querySelector('[data-testid="map-points"]') as HTMLCanvasElement;
    const c = document.createElement('canvas');
    [c.width, c.height] = [src.width, src.height];
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let [x0, x1, y0, y1] = [c.width, 0, c.height, 0];
    for (let j = 3; j < px.length; j += 4)
      if (px[j] > 0) {
        const i = (j - 3) / 4;
        const [x, y] = [i % c.width, Math.floor(i / c.width)];
        [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      }
    return { w: (x1 - x0) / c.width, h: (y1 - y0) / c.height };
  });
  expect(extent.w).toBeGreaterThan(0.5);
  expect(extent.h).toBeGreaterThan(0.5);

  // one model at a time over the targets: the others' groups are hidden, the targets stay
  const only = page.getByLabel('Models shown');
  await only.selectOption({ index: 1 });
  const legend = page.getByRole('list', { name: 'Map legend' });
  await expect(legend.getByRole('button', { pressed: false })).toHaveCount(MODELS.length - 1);
  await only.selectOption({ index: 0 });
  await expect(legend.getByRole('button', { pressed: false })).toHaveCount(0);

  await expect(page.getByTestId('map-plot')).toHaveScreenshot('map-ood.png', { maxDiffPixelRatio });

  const svg = await downloadedSvg(page, page.getByRole('button', { name: '⤓ SVG' }));
  expect(svg).toMatchObject({ root: 'svg', errors: 0 });
  expect(svg.marks).toBeGreaterThan(100);
});

test('compare: tick labels apart, axes fit the data, every plot as SVG', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(`/?view=compare&data=demo-ood&models=${MODELS.join(',')}`);
  await expect(page.getByTestId('compare-table')).toBeVisible({ timeout: 240_000 });
  const plots = page.locator('.compare-plots figure.plot');
  await expect(plots.first().locator('.js-plotly-plot')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.compare-plots figure.plot:not(:has(.js-plotly-plot))')).toHaveCount(
    0,
    { timeout: 60_000 },
  );
  const count = await plots.count();
  expect(count).toBeGreaterThan(4);

  const ticksApart = async (i: number) => {
    const name = await plots.nth(i).getAttribute('aria-label');
    for (const ticks of ['.xtick text', '.ytick text', '.y2tick text'])
      expect(
        await overlaps(page, ticks, '.compare-plots figure.plot', i),
        `${name}: ${ticks}`,
      ).toEqual([]);
  };
  for (let i = 0; i < count; i++) await ticksApart(i);

  // the paired scatter: its points fill more than half of each axis
  const fill = await page.evaluate(() => {
    const fig = [...document.querySelectorAll('.compare-plots figure.plot')].find((f) =>
      f.getAttribute('aria-label')?.startsWith('Per-window cosine:'),
    )!;
    const gd = fig.querySelector('.js-plotly-plot') as unknown as {
      data: { x: number[]; y: number[] }[];
      _fullLayout: { xaxis: { range: number[] }; yaxis: { range: number[] } };
    };
    const span = (v: number[], r: number[]) =>
      (Math.max(...v) - Math.min(...v)) / Math.abs(r[1] - r[0]);
    return {
      x: span(gd.data[0].x, gd._fullLayout.xaxis.range),
      y: span(gd.data[0].y, gd._fullLayout.yaxis.range),
    };
  });
  expect(fill.x).toBeGreaterThan(0.5);
  expect(fill.y).toBeGreaterThan(0.5);

  await expect(page.locator('.compare-plots')).toHaveScreenshot('compare-plots.png', {
    maxDiffPixelRatio,
  });

  // and at 1024 wide, where plotly redraws every plot narrower (responsive)
  await page.setViewportSize({ width: 1024, height: 1000 });
  await page.waitForTimeout(1500);
  for (let i = 0; i < count; i++) await ticksApart(i);

  for (let i = 0; i < count; i++) {
    const svg = await downloadedSvg(page, plots.nth(i).getByRole('button', { name: '⤓ SVG' }));
    expect(svg, (await plots.nth(i).getAttribute('aria-label')) ?? '').toMatchObject({
      root: 'svg',
      errors: 0,
    });
  }
});
