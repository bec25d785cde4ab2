import { expect, test } from '@playwright/test';

// The Map of the shipped OOD split: it draws, hovering a point shows its sentence, and clicking a
// point opens that window in Predict.
test('map: draws the OOD set, hover shows text, click opens the window in Predict', async ({
  page,
}) => {
  await page.goto('/?view=map&data=demo-ood');
  const plot = page.getByTestId('map-plot');
  await expect(page.getByTestId('map-status')).toContainText('points', { timeout: 90_000 });
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
