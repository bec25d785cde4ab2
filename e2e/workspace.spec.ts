import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { builtApp } from './builtApp';

// From a Python script to the workbench without picking a file: scripts/workspace_e2e.py writes
// two models with lvm_lens.export_model, a dataset with save_dataset and epoch 1 of a checkpoint;
// `lvm-lens open DIR --watch` serves them with the built app; the printed URL opens them loaded and
// selected, Compare's numbers equal onnxruntime's, a checkpoint written later joins the
// Checkpoints view, and the app's bare address restores the same workspace from the browser.
// `lvm-lens open` serves a production build (e2e/builtApp.ts).

const PORT = Number(process.env.E2E_WORKSPACE_PORT ?? 5193);
const MODELS = { mean_mlp: 'user-mean-mlp', attn_pool: 'user-attn-pool' } as const;
const METRICS = ['cosine_mean', 'hit1', 'hit5', 'mrr'] as const;

interface Expected {
  windows: number;
  models: Record<keyof typeof MODELS, Record<(typeof METRICS)[number], number>>;
}

let work: string;
let app: string;
let url: string;
const servers: ChildProcess[] = [];

/** Starts `lvm-lens open <args>` on `port` and resolves with the URL it prints. */
function open(args: string[], port: number): Promise<string> {
  const server = spawn(
    'python3',
    [
      '-m',
      'lvm_lens.cli',
      'open',
      ...args,
      '--no-browser',
      '--port',
      String(port),
      '--app-dir',
      app,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  servers.push(server);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/LVM Lens: (http\S+)/);
      if (m) resolve(m[1]);
    });
    server.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    server.on('exit', (code) => reject(new Error(`lvm-lens open exited ${code}: ${err}`)));
  });
}

// eslint-disable-next-line no-empty-pattern -- the worker fixtures are not needed, only testInfo
test.beforeAll(async ({}, info) => {
  info.setTimeout(600_000);
  work = mkdtempSync(join(tmpdir(), 'lvm-workspace-'));
  const dir = join(work, 'run');
  execFileSync('python3', ['scripts/workspace_e2e.py', dir], { stdio: 'inherit' });
  app = builtApp(info, work);
  url = await open([dir, '--watch'], PORT);
});

test.afterAll(async () => {
  // the other project starts its own on the same ports: wait until these have let them go
  for (const server of servers.splice(0)) {
    if (server.exitCode !== null) continue;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill();
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

const expected = (): Expected =>
  JSON.parse(readFileSync(join(work, 'run', '.expected.json'), 'utf8'));

/** Compare shows each model's metrics equal to onnxruntime's on the same windows. */
async function compareMatches(page: Page) {
  await page.getByRole('tab', { name: 'Compare' }).click();
  const table = page.getByTestId('compare-table');
  const want = expected();
  for (const [name, id] of Object.entries(MODELS) as [keyof typeof MODELS, string][]) {
    for (const metric of METRICS) {
      const cell = table.locator(`tr[data-model="${id}"] td[data-metric="${metric}"]`);
      await expect(cell).toHaveAttribute('data-value', /\d/, { timeout: 120_000 });
      const got = Number(await cell.getAttribute('data-value'));
      expect(Math.abs(got - want.models[name][metric]), `${id} ${metric}`).toBeLessThan(1e-4);
    }
  }
}

test('lvm-lens open: the link loads and selects, a new checkpoint joins, the bare address restores', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  expect(url).toBe(`http://127.0.0.1:${PORT}/?open=/workspace/index.json`);
  await page.goto(url);

  // loaded and selected: the dataset in the picker, both models checked
  const picker = page.getByRole('combobox', { name: 'Dataset', exact: true });
  await expect(picker.locator('option:checked')).toContainText('my_stream.npz', {
    timeout: 120_000,
  });
  for (const id of Object.values(MODELS)) {
    const chip = page.locator(`ul[aria-label="Models"] li.model-chip[data-model="${id}"]`);
    await expect(chip.getByRole('checkbox')).toBeChecked({ timeout: 60_000 });
  }
  await compareMatches(page);

  // the checkpoint of epoch 1 is the Checkpoints set; epoch 2 written by the script joins it live
  await page.getByRole('tab', { name: 'Checkpoints' }).click();
  const list = page.getByTestId('checkpoint-list');
  await expect(list).toContainText('1 checkpoints: ckpt@1', { timeout: 60_000 });
  execFileSync('python3', ['scripts/workspace_e2e.py', join(work, 'run'), '--epoch', '2']);
  await expect(list).toContainText('2 checkpoints: ckpt@1, ckpt@2', { timeout: 60_000 });
  await expect(page.getByTestId('checkpoint-metrics').locator('tbody tr')).toHaveCount(3); // + linear average

  // kept in this browser: the dataset, both models and the checkpoint set
  await page.getByRole('tab', { name: 'Models' }).click();
  const kept = page.getByTestId('stored-item');
  await expect(kept).toHaveCount(3, { timeout: 30_000 });
  await expect(kept.filter({ hasText: '2 checkpoints' })).toHaveCount(1);
  await expect(page.getByTestId('storage-used')).toContainText('4 items kept');

  // the bare address: no link, no file picked; the same workspace and the same numbers
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await expect(picker.locator('option:checked')).toContainText('my_stream.npz', {
    timeout: 120_000,
  });
  await compareMatches(page);
  await page.getByRole('tab', { name: 'Checkpoints' }).click();
  await expect(list).toContainText('2 checkpoints: ckpt@1, ckpt@2', { timeout: 60_000 });
  expect(pageErrors).toEqual([]);
});

test('a full browser storage is said in words, and what was loaded keeps working', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // a real quota for this origin, far below the files' size: Chromium refuses the writes itself
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: `http://127.0.0.1:${PORT}`,
    quotaSize: 2048,
  });
  await page.goto(url);
  for (const id of Object.values(MODELS)) {
    const chip = page.locator(`ul[aria-label="Models"] li.model-chip[data-model="${id}"]`);
    await expect(chip.getByRole('checkbox')).toBeChecked({ timeout: 120_000 });
  }
  await page.getByRole('tab', { name: 'Models' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: /^Browser storage is full: mean_mlp\.onnx/ }),
  ).toBeVisible({ timeout: 60_000 });
  await compareMatches(page);
});

test('?open= naming one file opens that file alone, loaded and selected', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`http://127.0.0.1:${PORT}/?open=/workspace/files/0/attn_pool.onnx`);
  const chip = (id: string) =>
    page.locator(`ul[aria-label="Models"] li.model-chip[data-model="${id}"]`);
  await expect(chip(MODELS.attn_pool).getByRole('checkbox')).toBeChecked({ timeout: 120_000 });
  await expect(chip(MODELS.mean_mlp)).toHaveCount(0);
  await page.getByRole('tab', { name: 'Models' }).click();
  await expect(page.getByTestId('stored-item')).toHaveCount(1, { timeout: 30_000 });
});

test('a results bundle from `python -m training evaluate` opens the same way', async ({ page }) => {
  test.setTimeout(180_000);
  const bundle = 'e2e/fixtures/bundle';
  const manifest = JSON.parse(readFileSync(`${bundle}/results/lvm-results.json`, 'utf8'));
  const link = await open([`${bundle}/ood600.npz`, `${bundle}/results`], PORT + 1);
  await page.goto(link);
  const picker = page.getByRole('combobox', { name: 'Dataset', exact: true });
  await expect(picker.locator('option:checked')).toContainText('ood600.npz', { timeout: 120_000 });
  await page.getByRole('tab', { name: 'Compare' }).click();
  const [k5] = manifest.models; // the first selected model fixes K = 5
  const table = page.getByTestId('compare-table');
  for (const metric of METRICS) {
    const cell = table.locator(`tr[data-model="results:${k5.id}"] td[data-metric="${metric}"]`);
    await expect(cell).toHaveAttribute('data-value', /\d/, { timeout: 120_000 });
    expect(
      Math.abs(Number(await cell.getAttribute('data-value')) - k5.metrics[metric]),
    ).toBeLessThan(1e-4);
  }
});
