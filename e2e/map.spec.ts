import { expect, test, type Page } from '@playwright/test';

/**
 * Waits for AMN's map: targets + one prediction each, so points = 2 × windows (the baselines that
 * stand in until AMN has loaded add more). Returns the window count; the demo's size is not fixed.
 */
async function amnMap(page: Page): Promise<number> {
  const status = page.getByTestId('map-status');
  await expect(status).toHaveText(/^[\d,]+ points · \d+ windows/, { timeout: 90_000 });
  await expect
    .poll(
      async () => {
        const m = (await status.textContent())!.match(/^([\d,]+) points · (\d+) windows/)!;
        return Number(m[1].replace(/,/g, '')) === 2 * Number(m[2]);
      },
      { timeout: 90_000 },
    )
    .toBe(true);
  return Number((await status.textContent())!.match(/ (\d+) windows/)![1]);
}

// The whole 620 px map in view, whatever sits above it: mouse gestures land where they are aimed.
test.use({ viewport: { width: 1280, height: 1400 } });

/** Pixels the map's WebGL layer (or its density underlay) has drawn: not fully transparent. */
function paintedPixels(page: Page, testId: 'map-points' | 'map-density'): Promise<number> {
  return page.evaluate((id) => {
    const src = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement;
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let j = 3; j < px.length; j += 4) if (px[j] > 0) n++;
    return n;
  }, testId);
}

/**
 * Moves the mouse over the map on a grid until a point's label shows for where the mouse is (a
 * label still showing for the previous spot, its move not yet handled, does not count); returns where.
 */
async function hoverSomePoint(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('map-plot').boundingBox())!;
  const tooltip = page.getByTestId('map-tooltip');
  // the label sits at the mouse's place in the frame it is drawn in
  const labelAt = () =>
    tooltip.evaluate((el: HTMLElement) => {
      const frame = el.parentElement!.getBoundingClientRect();
      return { x: frame.left + parseFloat(el.style.left), y: frame.top + parseFloat(el.style.top) };
    });
  for (let r = 0.3; r <= 0.7; r += 0.04)
    for (let c = 0.3; c <= 0.7; c += 0.02) {
      const at = { x: box.x + box.width * c, y: box.y + box.height * r };
      await page.mouse.move(at.x, at.y);
      if (!(await tooltip.isVisible())) continue;
      const shown = await labelAt().catch(() => null);
      if (shown && Math.hypot(shown.x - at.x, shown.y - at.y) < 1.5) return at;
    }
  throw new Error('no point under the mouse anywhere in the middle of the map');
}

// The Map of the shipped OOD split: WebGL draws it, hovering a point shows its sentence and its
// window's lines to the target (the map's own hover, through its grid index), clicking a point
// opens that window in Predict.
test('map: draws the OOD set, hover shows text, click opens the window in Predict', async ({
  page,
}) => {
  // The baselines stand in until AMN has loaded, and then the map is laid out again: wait for
  // AMN's map so the plot is not replaced under the test.
  await page.goto('/?view=map&data=demo-ood&models=amn');
  await amnMap(page);
  await expect.poll(() => paintedPixels(page, 'map-points')).toBeGreaterThan(1000);
  await expect(page.getByText(/could not be drawn/)).toHaveCount(0);

  const at = await hoverSomePoint(page);
  const hover = page.getByTestId('map-tooltip');
  await expect(hover).toContainText(/\w{3,}.*window \d+/s);
  // Every shown point belongs to a window with a prediction: its line to the target is drawn.
  await expect(page.getByTestId('map-hover-lines').locator('line').first()).toBeAttached();
  // Points can overlap: the window under the cursor is the one the label names.
  const hovered = Number((await hover.textContent())!.match(/window (\d+)/)![1]);

  await page.mouse.click(at.x, at.y);
  await expect(page).toHaveURL(new RegExp(`view=predict.*window=${hovered}(&|$)`));
  await expect(page.getByRole('tabpanel', { name: 'Predict' })).toBeVisible();
});

// Pan and zoom move the drawing, the legend hides a model, a box selects windows for Compare, and
// the PNG holds what is drawn.
test('map: pan, zoom, legend toggle, box select and PNG export', async ({ page }) => {
  await page.goto('/?view=map&data=demo-ood&models=amn');
  await amnMap(page);
  const plot = page.getByTestId('map-plot');
  const box = (await plot.boundingBox())!;
  const label = plot.locator('.annotation-text').first();
  await expect(label).toBeVisible();
  // A label's place in the frame; the frame's centre moves with its width (a scrollbar may come).
  const where = async () => {
    const l = (await label.boundingBox())!;
    const f = (await plot.boundingBox())!;
    return { x: l.x - f.x - f.width / 2, y: l.y - f.y };
  };
  const before = await where();
  await expect.poll(where).toEqual(before); // nothing is moving it
  await page.mouse.move(box.x + 200, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + 260, box.y + 230, { steps: 5 });
  await page.mouse.up();
  const after = await where();
  expect(after.x - before.x).toBeCloseTo(60, 0);
  expect(after.y - before.y).toBeCloseTo(30, 0);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await where()).x).not.toBeCloseTo(after.x, 0);
  await plot.dblclick({ position: { x: 5, y: 5 } });
  await expect.poll(async () => (await where()).x).toBeCloseTo(before.x, 0);

  // Hiding AMN and the targets leaves nothing drawn.
  const drawn = await paintedPixels(page, 'map-points');
  await page.getByRole('button', { name: /^AMN/ }).click();
  await expect.poll(() => paintedPixels(page, 'map-points')).toBeLessThan(drawn);
  await page.getByRole('button', { name: /^targets/ }).click();
  await expect.poll(() => paintedPixels(page, 'map-points')).toBe(0);
  await page.getByRole('button', { name: /^targets/ }).dblclick();
  await expect.poll(() => paintedPixels(page, 'map-points')).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Box select' }).click();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.8, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByText(/^\d+ windows selected/)).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PNG' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('map_demo-ood.png');
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    file
      .createReadStream()
      .then((s) =>
        s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))),
      )
      .catch(reject);
  });
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(5000);
});

// The map explains itself: cluster labels name regions with words, the targets' density shades the
// space under the points, and a filter hands exactly its windows to Compare.
test('map: cluster labels toggle, density shading, a topic filter applied to Compare', async ({
  page,
}) => {
  // demo-val: its articles span several topics (the OOD sample holds whole articles of one kind)
  await page.goto('/?view=map&data=demo-val&models=amn');
  const windows = await amnMap(page);
  const plot = page.getByTestId('map-plot');
  const labels = plot.locator('.annotation-text');
  // On by default: one label per cluster (k = round(√(windows/2)), at most 12).
  await expect(labels.first()).toContainText(/\p{L}{3,}/u);
  expect(await labels.count()).toBeGreaterThan(1);
  await page.getByLabel('labels').uncheck();
  await expect(labels).toHaveCount(0);
  await page.getByLabel('labels').check();
  await expect(labels.first()).toContainText(/\p{L}{3,}/u);

  expect(await paintedPixels(page, 'map-density')).toBe(0);
  await page.getByLabel('density').check();
  await expect.poll(() => paintedPixels(page, 'map-density')).toBeGreaterThan(1000);

  const filters = page.getByTestId('map-filters');
  const topic = filters.locator('select').first();
  const chosen = await topic.locator('option').nth(1).getAttribute('value');
  await topic.selectOption(chosen!);
  const passing = Number(
    (await page.getByTestId('map-passing').textContent())!.match(
      new RegExp(`^(\\d+) of ${windows}`),
    )![1],
  );
  expect(passing).toBeGreaterThan(0);
  expect(passing).toBeLessThan(windows);
  await filters.getByRole('button', { name: 'Apply to Compare' }).click();
  await expect(page).toHaveURL(/view=compare/);
  await expect(page.getByTestId('map-focus')).toContainText(
    `Showing the ${passing} windows selected on the Map`,
    { timeout: 90_000 },
  );
});
