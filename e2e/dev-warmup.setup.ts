import { expect, test } from '@playwright/test';

// The dev server compiles modules on first request and optimises newly met dependencies (which
// reloads an open page). One pass through every view and worker here, before the `dev` specs, so
// that a spec's first page load is not also the server's first compile.

test('dev server: every view and worker compiled once', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?view=models');
  const manifest = (await (await page.request.get('/models/manifest.json')).json()) as {
    models: { id: string }[];
  };
  const chips = page.locator('ul[aria-label="Models"] li.model-chip:not(.loading)');
  await expect(chips).toHaveCount(manifest.models.length, { timeout: 240_000 });
  for (const tab of await page.getByRole('tab').all()) {
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }
  // the workers no view starts on its own: ask the server for each once
  const workers = [
    'src/data/parse.worker.ts',
    'src/engine/retrieval.worker.ts',
    'src/engine/encoder.worker.ts',
    'src/engine/bench.worker.ts',
    'src/projection/projection.worker.ts',
  ];
  for (const w of workers) {
    const r = await page.request.get(`/${w}?worker_file&type=module`);
    expect(r.ok(), w).toBe(true);
  }
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.getByLabel('Load vector files').setInputFiles('e2e/fixtures/user_windows.npz');
  await expect(page.getByRole('table', { name: 'Loaded datasets' })).toContainText(
    'user_windows.npz',
    { timeout: 120_000 },
  );
});
