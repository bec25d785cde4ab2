import { expect, test, type Locator } from '@playwright/test';

const BASELINES = ['linear_average', 'persistence', 'global_mean'];
const TEXT = [
  'The Danube is the second-longest river in Europe.',
  'It rises in the Black Forest in Germany and flows east.',
  'The river passes through ten countries on its way to the Black Sea.',
  'Vienna, Budapest and Belgrade all stand on its banks.',
  'It has long been an important trade route.',
].join(' ');

const num = async (cell: Locator, attr = 'data-value') => Number(await cell.getAttribute(attr));

// The round trip in a real browser: Compare decodes each prediction of a sample of the OOD split
// to its nearest sentence, re-embeds that text with the in-browser encoder, and scores it; Write
// shows the same for the top sentence of each step.
test('round trip: Compare scores a re-embedded sample per model, Write per step', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const all = (await (await page.request.get('/models/manifest.json')).json()) as {
    k: number;
    models: { id: string; K: number }[];
  };
  // the app opens with the fleet at the manifest's K selected (the K = 32 model is a chip to pick)
  const manifest = { ...all, models: all.models.filter((m) => m.K === all.k) };
  await page.goto('/?view=compare&data=demo-ood');
  // The split is evaluated on opening once every model has loaded; the panel reads that result.
  const n = manifest.models.length;
  await expect(page.getByText(`${n} of ${n} selected models + baselines`)).toBeVisible({
    timeout: 90_000,
  });
  const last = manifest.models[n - 1].id;
  await expect(
    page.locator(`[data-testid="compare-table"] tr[data-model="${last}"] td[data-metric="hit1"]`),
  ).toHaveAttribute('data-value', /\d/, { timeout: 120_000 });
  const panel = page.getByTestId('round-trip');
  await expect(panel).toBeVisible();
  await panel.getByLabel('Windows in the sample').fill('20');
  await expect(panel.getByTestId('round-trip-sample')).toContainText(/^20 of \d+ windows/);
  await panel.getByRole('button', { name: 'Run round trip' }).click();
  const table = panel.getByTestId('round-trip-table');
  await expect(table).toBeVisible({ timeout: 180_000 });
  for (const id of [...manifest.models.map((m) => m.id), ...BASELINES]) {
    const row = table.locator(`tr[data-model="${id}"]`);
    const pred = await num(row.locator('td[data-metric="predVsReembedded"]'));
    const target = await num(row.locator('td[data-metric="targetVsReembedded"]'));
    const dist = await num(row.locator('td[data-metric="manifoldDistance"]'));
    expect(Math.abs(target), `${id} target`).toBeLessThanOrEqual(1);
    expect(dist, `${id} distance`).toBeGreaterThanOrEqual(0);
    // The re-embedded text is the decoded bank vector within the encoder's parity bound.
    expect(Math.abs(pred - (1 - dist)), `${id} parity`).toBeLessThan(0.05);
  }
  await expect(panel.getByTestId('plot')).toBeVisible();

  await page.goto('/?view=write');
  await page.getByLabel('Your text').fill(TEXT);
  for (const id of [manifest.models[0].id, 'linear_average']) {
    const col = page.locator(`[data-testid="write-column"][data-model="${id}"]`);
    const rt = col.getByTestId('step-round-trip').first();
    await expect(rt, id).toBeVisible({ timeout: 120_000 });
    const pred = Number(await rt.locator('[data-metric="predVsReembedded"]').textContent());
    const dist = Number(await rt.locator('[data-metric="manifoldDistance"]').textContent());
    expect(Math.abs(pred - (1 - dist)), `${id} write parity`).toBeLessThan(0.05);
  }
});
