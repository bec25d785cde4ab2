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

// The Map of the shipped OOD split: it draws (WebGL), hovering a point shows its sentence and its
// window's lines to the target (the map's own hover, through its grid index), and clicking a point
// opens that window in Predict.
test('map: draws the OOD set, hover shows text, click opens the window in Predict', async ({
  page,
}) => {
  // The baselines stand in until AMN has loaded, and then the map is laid out again: wait for
  // AMN's map so the plot is not replaced under the test.
  await page.goto('/?view=map&data=demo-ood&models=amn');
  const plot = page.getByTestId('map-plot');
  await amnMap(page);
  await expect(plot.locator('.scatterlayer, canvas').first()).toBeAttached();

  // Find a point through plotly's own data, then hover and click it where it is drawn.
  const target = await page.evaluate(() => {
    const gd = document.querySelector('[data-testid="map-plot"]') as HTMLElement & {
      data: { mode?: string; x: number[]; y: number[]; customdata?: number[] }[];
      _fullLayout: {
        xaxis: { l2p: (v: number) => number; _offset: number };
        yaxis: { l2p: (v: number) => number; _offset: number };
      };
    };
    const trace = gd.data.find((t) => t.mode === 'markers' && t.customdata?.length)!;
    const { xaxis, yaxis } = gd._fullLayout;
    const box = gd.querySelector('.nsewdrag')!.getBoundingClientRect();
    const i = Math.floor(trace.x.length / 2);
    return {
      window: trace.customdata![i],
      x: box.left + xaxis.l2p(trace.x[i]),
      y: box.top + yaxis.l2p(trace.y[i]),
    };
  });
  await page.mouse.move(target.x, target.y);
  const hover = page.getByTestId('map-tooltip');
  await expect(hover).toContainText(/\w{3,}.*window \d+/s);
  // Every shown point belongs to a window with a prediction: its line to the target is drawn.
  await expect(page.getByTestId('map-hover-lines').locator('line').first()).toBeAttached();
  // Points can overlap: the window under the cursor is the one the label names.
  const hovered = Number((await hover.textContent())!.match(/window (\d+)/)![1]);
  expect(Number.isInteger(target.window)).toBe(true);

  await page.mouse.click(target.x, target.y);
  await expect(page).toHaveURL(new RegExp(`view=predict.*window=${hovered}(&|$)`));
  await expect(page.getByRole('tabpanel', { name: 'Predict' })).toBeVisible();
});

// The map explains itself: cluster labels name regions with words, density contours sit under the
// points, and a filter hands exactly its windows to Compare.
test('map: cluster labels toggle, density contours, a topic filter applied to Compare', async ({
  page,
}) => {
  await page.goto('/?view=map&data=demo-ood&models=amn');
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

  const traceTypes = () =>
    page.evaluate(() =>
      (
        document.querySelector('[data-testid="map-plot"]') as HTMLElement & {
          data: { type: string }[];
        }
      ).data.map((t) => t.type),
    );
  expect(await traceTypes()).not.toContain('histogram2dcontour');
  await page.getByLabel('density').check();
  await expect.poll(traceTypes).toContain('histogram2dcontour');
  await expect(plot.locator('.contourlayer path').first()).toBeAttached();

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
