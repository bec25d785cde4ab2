/**
 * The page half of bench/mapScale.bench.mjs (the Map at research scale): loads raw float32 points
 * written by bench/make_map_points.py and
 * - profile: times each stage of the Map's layout (kNN kernel, graph, SGD) in the page;
 * - crossover: exact vs approximate kNN at several n, with the approximate graph's 10-NN recall;
 * - layout: the Map's whole path in a cold projection worker, returning the embedding.
 * Exposed as window.mapScaleBench.
 */
import { createProjectionWorker } from '../src/projection/client';
import { exactKnn, type KnnBlockRunner } from '../src/projection/knn';
import { buildKnn } from '../src/projection/pipeline';
import { knnRecall } from '../src/projection/quality';
import type { KnnMethodChoice } from '../src/projection/types';
import { createKnnKernel, KNN_KERNEL_URL } from '../src/projection/knnKernel';
import { fuzzySimplicialSet } from '../src/projection/fuzzyGraph';
import { LensUmap } from '../src/projection/lensUmap';
import { DEFAULT_LAYOUT_PARAMS } from '../src/projection/types';

async function loadPoints(url: string, n: number, dim: number): Promise<Float32Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const all = new Float32Array(await res.arrayBuffer());
  if (all.length < n * dim) throw new Error(`${url} holds ${all.length / dim} points, asked ${n}`);
  return all.length === n * dim ? all : all.slice(0, n * dim);
}

async function kernel(): Promise<KnnBlockRunner> {
  const bytes = new Uint8Array(await (await fetch(KNN_KERNEL_URL)).arrayBuffer());
  return createKnnKernel(bytes, 'wasm');
}

/** Where the Map's time goes, stage by stage, on the first n points. */
async function profile(cfg: { url: string; n: number; dim: number }) {
  const x = await loadPoints(cfg.url, cfg.n, cfg.dim);
  const params = DEFAULT_LAYOUT_PARAMS;
  let t = performance.now();
  const run = await kernel();
  const sessionMs = performance.now() - t;
  let kernelMs = 0;
  let blocks = 0;
  const timed: KnnBlockRunner = async (...a) => {
    const s = performance.now();
    const out = await run(...a);
    kernelMs += performance.now() - s;
    blocks++;
    return out;
  };
  t = performance.now();
  const graph = await exactKnn(x, cfg.n, cfg.dim, params.nNeighbors, timed);
  const knnMs = performance.now() - t;
  t = performance.now();
  const edges = fuzzySimplicialSet(graph);
  const fuzzyMs = performance.now() - t;
  t = performance.now();
  const layout = new LensUmap(graph, params);
  const setupMs = performance.now() - t;
  t = performance.now();
  while (layout.step());
  const epochsMs = performance.now() - t;
  // The kernel is Transpose + MatMul + TopK: time the product alone (same blocks) to split it.
  const split: Record<string, number> = {};
  const ort = (await import('../src/engine/ort')).getOrt('wasm');
  for (const name of ['matmul', 'gemm']) {
    const bytes = new Uint8Array(await (await fetch(`/bench/tmp/${name}.onnx`)).arrayBuffer());
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const points = new ort.Tensor('float32', x, [cfg.n, cfg.dim]);
    const rows = Math.max(64, Math.min(2048, Math.floor(16_000_000 / cfg.n)));
    const s = performance.now();
    for (let start = 0; start < cfg.n; start += rows) {
      const r = Math.min(rows, cfg.n - start);
      const q = x.subarray(start * cfg.dim, (start + r) * cfg.dim);
      await session.run({ queries: new ort.Tensor('float32', q, [r, cfg.dim]), points });
    }
    split[name] = performance.now() - s;
    await session.release();
  }
  return {
    n: cfg.n,
    transposeMatmulMs: split.matmul,
    gemmTransBMs: split.gemm,
    dim: cfg.dim,
    blocks,
    edges: edges.head.length,
    sessionMs,
    knnMs,
    kernelMs,
    knnJsMs: knnMs - kernelMs,
    fuzzyMs,
    setupMs,
    epochsMs,
    crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
}

/** Exact vs approximate kNN (the Map's, same kernel, in the page) on the first n of each size, with recall. */
async function crossover(cfg: { url: string; n: number; dim: number; sizes: number[] }) {
  const all = await loadPoints(cfg.url, cfg.n, cfg.dim);
  const run = await kernel();
  const rows = [];
  for (const n of cfg.sizes) {
    const x = all.subarray(0, n * cfg.dim);
    let t = performance.now();
    const exact = await exactKnn(x, n, cfg.dim, 15, run);
    const exactMs = performance.now() - t;
    t = performance.now();
    const approx = await buildKnn(x, n, cfg.dim, 15, run, { cancelled: false }, 'approx');
    const approxMs = performance.now() - t;
    rows.push({ n, exactMs, approxMs, recall10: knnRecall(approx.indices, exact.indices, n, 15) });
  }
  return { rows, crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency };
}

/** The Map's path in a cold projection worker (kNN chosen by size); the embedding comes back as base64. */
async function layout(cfg: { url: string; n: number; dim: number; knn?: KnnMethodChoice }) {
  const x = await loadPoints(cfg.url, cfg.n, cfg.dim);
  const worker = createProjectionWorker();
  const t = performance.now();
  const r = await worker.layout({
    vectors: x,
    n: cfg.n,
    dim: cfg.dim,
    params: DEFAULT_LAYOUT_PARAMS,
    engine: 'lens',
    knn: cfg.knn ?? 'auto',
  });
  const totalMs = performance.now() - t;
  const bytes = new Uint8Array(r.embedding.buffer, r.embedding.byteOffset, r.embedding.byteLength);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return {
    n: cfg.n,
    knnMethod: r.knnMethod,
    knnBackend: r.knnBackend,
    knnMs: r.knnMs,
    layoutMs: r.layoutMs,
    totalMs,
    embeddingBase64: btoa(bin),
    crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
}

const api = { profile, crossover, layout };
(window as unknown as { mapScaleBench: typeof api }).mapScaleBench = api;
document.getElementById('status')!.textContent = 'ready';
