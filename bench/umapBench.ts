/**
 * The page half of bench/umap.bench.mjs: loads the shipped vectors, then lays out the same points
 * with plain umap-js (its own NN-descent), umap-js on our exact kNN, our typed-array UMAP, and
 * (when its package is present) embedding-atlas's WASM UMAP; scores each layout's 10-NN
 * preservation against the exact graph. Exposed as window.runUmapBench.
 */
import { UMAP } from 'umap-js';
import { parseNpy } from '../src/data/npy';
import { toFloat32 } from '../src/data/ndarray';
import { normalizeRows } from '../src/metrics/cosine';
import { createProjectionWorker } from '../src/projection/client';
import { neighbourPreservation } from '../src/projection/quality';
import { seededRandom } from '../src/projection/random';
import { DEFAULT_LAYOUT_PARAMS, type KnnGraph } from '../src/projection/types';

interface BenchConfig {
  n: number;
  seed: number;
  /** module URL of embedding-atlas's umap entry, or null to skip it */
  atlasUrl: string | null;
  skipPlain?: boolean;
  /** --quick: only the app's path and plain umap-js (no umap-js or embedding-atlas on our graph) */
  quick?: boolean;
}

interface Row {
  method: string;
  knnMs: number;
  layoutMs: number;
  totalMs: number;
  quality: number;
  note?: string;
}

async function loadVectors(n: number): Promise<{ x: Float32Array; dim: number; source: string }> {
  const res = await fetch('/data/dataset.json');
  if (res.ok && (res.headers.get('content-type') ?? '').includes('json')) {
    const manifest = (await res.json()) as {
      splits: Record<string, { vectors: string; sentences: string }>;
    };
    const parts: { x: Float32Array; article: number[] }[] = [];
    let dim = 0;
    const used: string[] = [];
    for (const split of ['val', 'ood']) {
      const files = manifest.splits[split];
      if (!files) continue;
      const nd = parseNpy(
        await (await fetch(`/data/${files.vectors}`)).arrayBuffer(),
        files.vectors,
      );
      const sentences = (await (await fetch(`/data/${files.sentences}`)).json()) as {
        article: number[];
      };
      dim = nd.shape[1];
      parts.push({ x: toFloat32(nd), article: sentences.article });
      used.push(`${split} ${nd.shape[0]}x${dim} ${nd.dtype}`);
    }
    const real = parts.reduce((s, p) => s + p.article.length, 0);
    const x = new Float32Array(n * dim);
    let at = 0;
    for (const p of parts) {
      const take = Math.min(p.x.length, x.length - at);
      x.set(p.x.subarray(0, take), at);
      at += take;
    }
    // Fewer real rows than asked: pad with prediction-like vectors, the linear-average baseline's
    // prediction from two consecutive sentences of one article (mean of the pair, normalised later).
    let padded = 0;
    for (const p of parts) {
      for (let i = 0; i + 1 < p.article.length && at < x.length; i++) {
        if (p.article[i] !== p.article[i + 1]) continue;
        for (let d = 0; d < dim; d++) x[at + d] = (p.x[i * dim + d] + p.x[(i + 1) * dim + d]) / 2;
        at += dim;
        padded++;
      }
    }
    const rows = at / dim;
    return {
      x: normalizeRows(x.subarray(0, at), rows, dim),
      dim,
      source:
        `public/data ${used.join(' + ')}: ${Math.min(real, rows)} real sentence vectors` +
        (padded ? ` + ${padded} pair-mean (linear-average k=2) predictions` : ''),
    };
  }
  const dim = 384;
  return {
    x: articleWalks(n, dim, 30, 1),
    dim,
    source:
      'synthetic article streams: 30-sentence random walks around per-article centres (public/data absent)',
  };
}

/** Stand-in for sentence streams: each article drifts around its own centre, like a text does. */
function articleWalks(n: number, dim: number, perArticle: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const x = new Float32Array(n * dim);
  const centre = new Float32Array(dim);
  const v = new Float32Array(dim);
  for (let i = 0; i < n; i++) {
    if (i % perArticle === 0) {
      for (let d = 0; d < dim; d++) v[d] = centre[d] = gauss();
    }
    for (let d = 0; d < dim; d++) v[d] = 0.8 * v[d] + 0.6 * gauss() + 0.3 * centre[d];
    x.set(v, i * dim);
  }
  return normalizeRows(x, n, dim);
}

function cosineDistance(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return 1 - s;
}

async function runUmapBench(config: BenchConfig) {
  const params = { ...DEFAULT_LAYOUT_PARAMS, seed: config.seed };
  const { x, dim, source } = await loadVectors(config.n);
  const n = x.length / dim;
  const rows: Row[] = [];
  const status = (s: string) => (document.getElementById('status')!.textContent = s);

  // Ours: exact kNN (ORT WASM) + typed-array UMAP, in a cold worker, the way the Map view runs.
  status('lens');
  const lensWorker = createProjectionWorker();
  let t = performance.now();
  const lens = await lensWorker.layout({ vectors: x.slice(), n, dim, params, engine: 'lens' });
  const lensTotal = performance.now() - t;
  // The exact graph for scoring (k=15 rows include the point itself).
  const graph: KnnGraph = await exactGraph(x, n, dim);
  rows.push({
    method: 'exact kNN (ORT wasm) + lens UMAP',
    knnMs: lens.knnMs,
    layoutMs: lens.layoutMs,
    totalMs: lensTotal,
    quality: neighbourPreservation(graph.indices, graph.k, lens.embedding, n),
  });

  if (!config.quick) {
    status('umap-js on exact kNN');
    const jsWorker = createProjectionWorker();
    t = performance.now();
    const js = await jsWorker.layout({ vectors: x.slice(), n, dim, params, engine: 'umap-js' });
    rows.push({
      method: 'exact kNN (ORT wasm) + umap-js step()',
      knnMs: js.knnMs,
      layoutMs: js.layoutMs,
      totalMs: performance.now() - t,
      quality: neighbourPreservation(graph.indices, graph.k, js.embedding, n),
    });
  }

  if (config.atlasUrl && !config.quick) {
    status('embedding-atlas');
    const atlas = (await import(/* @vite-ignore */ config.atlasUrl)) as {
      createUMAPFromKNN: (
        count: number,
        outputDim: number,
        idx: Int32Array,
        dist: Float32Array,
        opts: Record<string, unknown>,
      ) => Promise<{ run(): Promise<void>; embedding: Float32Array; destroy(): void }>;
    };
    t = performance.now();
    const u = await atlas.createUMAPFromKNN(n, 2, graph.indices, graph.distances, {
      nEpochs: params.nEpochs,
      minDist: params.minDist,
      seed: params.seed,
    });
    const createMs = performance.now() - t;
    await u.run();
    const layoutMs = performance.now() - t;
    rows.push({
      method: 'exact kNN (ORT wasm) + embedding-atlas 0.26.0 WASM',
      knnMs: lens.knnMs,
      layoutMs,
      totalMs: lens.knnMs + layoutMs,
      quality: neighbourPreservation(graph.indices, graph.k, u.embedding.slice(), n),
      note: `kNN time taken from the lens run (same kernel, same points); create ${Math.round(createMs)} ms, run ${Math.round(layoutMs - createMs)} ms`,
    });
    u.destroy();
  }

  if (!config.skipPlain) {
    status('plain umap-js');
    const data: number[][] = [];
    for (let i = 0; i < n; i++) data.push(Array.from(x.subarray(i * dim, (i + 1) * dim)));
    const plain = new UMAP({
      nComponents: 2,
      nNeighbors: params.nNeighbors,
      minDist: params.minDist,
      nEpochs: params.nEpochs,
      distanceFn: cosineDistance,
      random: seededRandom(params.seed),
    });
    t = performance.now();
    plain.initializeFit(data);
    const knnAndInit = performance.now() - t;
    for (let e = 0; e < params.nEpochs; e++) plain.step();
    const total = performance.now() - t;
    const emb = new Float32Array(n * 2);
    plain.getEmbedding().forEach((p, i) => emb.set(p, i * 2));
    rows.push({
      method: 'plain umap-js (NN-descent, cosine)',
      knnMs: knnAndInit,
      layoutMs: total - knnAndInit,
      totalMs: total,
      quality: neighbourPreservation(graph.indices, graph.k, emb, n),
      note: 'knnMs = NN-descent + graph construction (initializeFit)',
    });
  }
  status('done');
  return {
    source,
    n,
    dim,
    params,
    crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
    rows,
  };
}

/** The exact graph from a third cold worker's cache is not reachable; recompute it in the page. */
async function exactGraph(x: Float32Array, n: number, dim: number): Promise<KnnGraph> {
  const [{ exactKnn }, { createKnnKernel, KNN_KERNEL_URL }] = await Promise.all([
    import('../src/projection/knn'),
    import('../src/projection/knnKernel'),
  ]);
  const bytes = new Uint8Array(await (await fetch(KNN_KERNEL_URL)).arrayBuffer());
  return exactKnn(x, n, dim, 15, await createKnnKernel(bytes, 'wasm'));
}

(window as unknown as { runUmapBench: typeof runUmapBench }).runUmapBench = runUmapBench;
document.getElementById('status')!.textContent = 'ready';
