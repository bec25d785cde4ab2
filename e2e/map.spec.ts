import { expect, test } from '@playwright/test';

// The Map of the shipped OOD split: it draws, hovering a point shows its sentence, and clicking a
// point opens that window in Predict.
test('map: draws the OOD set, hover shows text, click opens the window in Predict', async ({
  page,
}) => {
  // The baselines stand in until AMN has loaded, and then the map is laid out again: wait for
  // AMN's map (218 targets + 218 predictions) so the plot is not replaced under the test.
  await page.goto('/?view=map&data=demo-ood&models=amn');
  const plot = page.getByTestId('map-plot');
  await expect(page.getByTestId('map-status')).toContainText('436 points', { timeout: 90_000 });
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
  const hover = page.locator('.hoverlayer .hovertext').first();
  await expect(hover).toContainText(/\w{3,}.*window \d+/s);
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
  await expect(page.getByTestId('map-status')).toContainText('436 points', { timeout: 90_000 });
  const plot = page.getByTestId('map-plot');
  const labels = plot.locator('.annotation-text');
  // On by default: one label per cluster (k = round(√(218/2)) = 10 for the OOD targets).
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
    (await page.getByTestId('map-passing').textContent())!.match(/^(\d+) of 218/)![1],
  );
  expect(passing).toBeGreaterThan(0);
  expect(passing).toBeLessThan(218);
  await filters.getByRole('button', { name: 'Apply to Compare' }).click();
  await expect(page).toHaveURL(/view=compare/);
  await expect(page.getByTestId('map-focus')).toContainText(
    `Showing the ${passing} windows selected on the Map`,
    { timeout: 90_000 },
  );
});
