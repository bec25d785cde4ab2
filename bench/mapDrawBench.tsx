/**
 * The page half of bench/mapDraw.bench.mjs: the Map's own plot (MapPlot, with the traces and hover
 * index the Map view builds: buildScene, sceneLines, lineWindows, mapHover) on n synthetic points, and a frame
 * recorder. The driver moves the real mouse (pan, wheel zoom, hover) and reads the frames back.
 * Points: n / 5 windows, each a target and four models' predictions, laid out as 60 seeded
 * Gaussian clusters in 2-D (a drawing benchmark: positions only need to cover the plot like a
 * layout does). Exposed as window.mapDrawBench.
 */
import { createRoot } from 'react-dom/client';
import type { Dataset } from '../src/data/types';
import { lineWindows } from '../src/features/map/drawStyle';
import { KIND, type MapPoints } from '../src/features/map/mapData';
import { mapHover } from '../src/features/map/mapHover';
import { MapPlot } from '../src/features/map/MapPlot';
import { buildScene, sceneLines } from '../src/features/map/mapScene';
import { seededRandom } from '../src/projection/random';
import '../src/features/map/map.css';

const MODELS = ['amn', 'gru', 'lstm', 'transformer'];

function syntheticPoints(n: number): { points: MapPoints; embedding: Float32Array } {
  const windows = Math.floor(n / (1 + MODELS.length));
  const total = windows * (1 + MODELS.length);
  const rand = seededRandom(11);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = Array.from({ length: 60 }, () => [gauss() * 8, gauss() * 8, 0.3 + rand()]);
  const kind = new Uint8Array(total);
  const window = new Int32Array(total);
  const predictor = new Int16Array(total).fill(-1);
  const cosine = new Float32Array(total).fill(1);
  const row = new Int32Array(total).fill(-1);
  const embedding = new Float32Array(total * 2);
  for (let w = 0; w < windows; w++) {
    const [cx, cy, s] = centres[Math.floor(rand() * centres.length)];
    kind[w] = KIND.target;
    window[w] = w;
    row[w] = w;
    embedding[w * 2] = cx + gauss() * s;
    embedding[w * 2 + 1] = cy + gauss() * s;
  }
  for (let p = 0; p < MODELS.length; p++)
    for (let w = 0; w < windows; w++) {
      const i = windows * (1 + p) + w;
      kind[i] = KIND.prediction;
      window[i] = w;
      predictor[i] = p;
      cosine[i] = 0.2 + 0.7 * rand();
      embedding[i * 2] = embedding[w * 2] + gauss() * 0.4;
      embedding[i * 2 + 1] = embedding[w * 2 + 1] + gauss() * 0.4;
    }
  const points: MapPoints = {
    n: total,
    dim: 0,
    vectors: new Float32Array(0),
    kind,
    window,
    predictor,
    cosine,
    row,
    predictors: MODELS.map((id) => ({ id, name: id.toUpperCase() })),
    windows,
  };
  return { points, embedding };
}

// pointLabel reads the sentence and article; synthetic points have neither ("vector #row").
const dataset = { bank: {}, articles: [] } as unknown as Dataset;

/** Frame intervals (requestAnimationFrame) and long tasks while recording. */
const frames: number[] = [];
const longTasks: number[] = [];
let recording = false;
let last = 0;
function tick(t: number) {
  if (recording) {
    if (last) frames.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  }
}
new PerformanceObserver((list) => {
  if (recording) for (const e of list.getEntries()) longTasks.push(e.duration);
}).observe({ type: 'longtask', buffered: false });

declare global {
  interface Window {
    mapDrawBench: typeof api;
  }
}

const api = {
  /** Builds the traces and hover index as the Map does and draws them; times both. */
  async mount(n: number) {
    let t = performance.now();
    const { points, embedding } = syntheticPoints(n);
    const synthMs = performance.now() - t;
    t = performance.now();
    const all = Int32Array.from({ length: points.windows }, (_, w) => w);
    const scene = buildScene(points, embedding, dataset, 'model');
    const lines = sceneLines(scene, points, embedding, new Set(lineWindows(all, [], true)));
    const hover = mapHover(points, embedding, dataset);
    const sceneMs = performance.now() - t;
    t = performance.now();
    const root = createRoot(document.getElementById('root')!);
    root.render(
      <MapPlot
        scene={scene}
        lines={lines}
        revision="bench"
        hover={hover}
        onWindowClick={() => {}}
        onSelectWindows={() => {}}
      />,
    );
    // Drawn when the points' canvas has been sized by its first draw and two frames have passed.
    const drawnYet = () =>
      (document.querySelector('[data-testid="map-points"]') as HTMLCanvasElement | null)?.width ??
      0;
    while (drawnYet() <= 300) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const drawMs = performance.now() - t;
    return { points: points.n, synthMs, sceneMs, drawMs };
  },
  start() {
    frames.length = 0;
    longTasks.length = 0;
    last = 0;
    recording = true;
    requestAnimationFrame(tick);
  },
  stop() {
    recording = false;
    return { frames: [...frames], longTasks: [...longTasks] };
  },
  /** The tooltip's heading, when a point is hovered. */
  tooltip: () => document.querySelector('.map-tooltip')?.textContent ?? null,
};
window.mapDrawBench = api;
document.getElementById('status')!.textContent = 'ready';
