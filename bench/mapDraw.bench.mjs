// Drawing the Map at scale: serves the repo with Vite, opens bench/mapDraw.html in headless
// Chromium, draws n synthetic points with the Map's own plot (MapPlot + mapTraces + mapHover) and
// moves the real mouse over it: a pan (drag), wheel zooms and hovers. Per gesture: the frame
// intervals (requestAnimationFrame) and long tasks (> 50 ms on the main thread) while it ran.
// Headless Chromium draws WebGL with SwiftShader, on the CPU: frame times here are an upper bound
// for a machine with a GPU, and what stalls the main thread (long tasks) is the same on both.
// Run: node bench/mapDraw.bench.mjs [--sizes 100000,1000000] [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { argReader, openBench } from './harness.mjs';

const args = process.argv.slice(2);
const arg = argReader(args);
const sizes = arg('sizes', '100000,1000000').split(',').map(Number);
const out = arg('out', 'bench/results/latest/mapDraw.json');

const pct = (xs, p) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const summary = ({ frames, longTasks }, ms) => ({
  ms: Math.round(ms),
  frames: frames.length,
  fps: +((frames.length * 1000) / ms).toFixed(1),
  frameP50: +pct(frames, 50).toFixed(1),
  frameP95: +pct(frames, 95).toFixed(1),
  frameMax: +Math.max(0, ...frames).toFixed(1),
  longTasks: longTasks.length,
  longTaskMax: +Math.max(0, ...longTasks).toFixed(1),
});

const loadBefore = loadavg()[0];
const { base, browser, close } = await openBench(5391);
const rows = [];
try {
  for (const n of sizes) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${base}bench/mapDraw.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const mount = await page.evaluate((k) => window.mapDrawBench.mount(k), n);
    const box = await page.getByTestId('map-plot').first().boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const gesture = async (name, act) => {
      await page.evaluate(() => window.mapDrawBench.start());
      const t = Date.now();
      await act();
      // the frames a gesture caused end after its last event: two more seconds are recorded
      await page.waitForTimeout(2000);
      const rec = await page.evaluate(() => window.mapDrawBench.stop());
      return [name, summary(rec, Date.now() - t)];
    };
    const gestures = Object.fromEntries([
      await gesture('pan', async () => {
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        for (let s = 1; s <= 30; s++) await page.mouse.move(cx + s * 8, cy + s * 4);
        await page.mouse.up();
      }),
      await gesture('zoom', async () => {
        for (let s = 0; s < 10; s++) {
          await page.mouse.move(cx + 40, cy + 20);
          await page.mouse.wheel(0, s < 5 ? -120 : 120);
          await page.waitForTimeout(100);
        }
      }),
      await gesture('hover', async () => {
        for (let s = 0; s < 60; s++)
          await page.mouse.move(
            box.x + 40 + ((s * 37) % (box.width - 80)),
            cy + ((s % 7) - 3) * 30,
          );
      }),
    ]);
    const tooltip = await page.evaluate(() => window.mapDrawBench.tooltip());
    const row = { points: mount.points, mount, gestures, lastTooltip: tooltip };
    console.log(JSON.stringify(row));
    rows.push(row);
    await page.close();
  }
} finally {
  await close();
}
const record = {
  date: new Date().toISOString(),
  command: `node bench/mapDraw.bench.mjs ${args.join(' ')}`,
  loadAverage1m: { before: loadBefore, after: loadavg()[0] },
  renderer: 'headless Chromium, WebGL on SwiftShader (CPU)',
  rows,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(record, null, 2) + '\n');
console.log(`wrote ${out}`);
