/// <reference lib="webworker" />
import { probeBackends, type NavigatorLike } from '../engine/backend';
import { getOrt } from '../engine/ort';
import { expose, type CallContext } from '../lib/worker-rpc';
import { bruteForceBlock, type KnnBlockRunner } from './knn';
import { chooseKnnBackend, type KnnBackend } from './knnBackend';
import { createKnnKernel, KNN_KERNEL_URL } from './knnKernel';
import { buildKnn, chooseKnnMethod, createLayout, runEpochs } from './pipeline';
import type { KnnGraph, LayoutRequest, LayoutResult } from './types';

let autoBackend: Promise<KnnBackend> | null = null;
/** Probed once per worker. */
function defaultBackend(): Promise<KnnBackend> {
  autoBackend ??= probeBackends(navigator as unknown as NavigatorLike, {
    threads: getOrt().env.wasm.numThreads as number,
    crossOriginIsolated,
  }).then((a) => chooseKnnBackend(a).backend);
  return autoBackend;
}

const kernels = new Map<string, Promise<KnnBlockRunner>>();
function kernel(backend: KnnBackend): Promise<KnnBlockRunner> {
  if (backend === 'js') return Promise.resolve(bruteForceBlock);
  let k = kernels.get(backend);
  if (!k) {
    k = fetch(KNN_KERNEL_URL)
      .then((r) => {
        if (!r.ok) throw new Error(`kNN kernel: HTTP ${r.status} for ${KNN_KERNEL_URL}`);
        return r.arrayBuffer();
      })
      .then((bytes) => createKnnKernel(new Uint8Array(bytes), backend));
    k.catch(() => kernels.delete(backend));
    kernels.set(backend, k);
  }
  return k;
}

/** FNV-1a over the raw bytes: the kNN graph is reused when only layout parameters change. */
function fingerprint(vectors: Float32Array, n: number, dim: number, k: number): string {
  const words = new Uint32Array(vectors.buffer, vectors.byteOffset, n * dim);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return `${n}x${dim}:k${k}:${(h >>> 0).toString(16)}`;
}

let cachedGraph: { key: string; graph: KnnGraph } | null = null;

export const api = {
  /** kNN (exact or cluster-pruned by size, cached) then UMAP; progress: kNN as 0..n, then epochs as n + epoch. */
  async layout(req: LayoutRequest, ctx: CallContext): Promise<LayoutResult> {
    const { vectors, n, dim, params } = req;
    const engine = req.engine ?? 'lens';
    let backend: KnnBackend = req.knnBackend ?? (await defaultBackend());
    const method = chooseKnnMethod(n, req.knn);
    const key = `${method}:${fingerprint(vectors, n, dim, params.nNeighbors)}`;
    const t0 = performance.now();
    let graph: KnnGraph;
    const knnCached = cachedGraph?.key === key;
    if (cachedGraph && knnCached) graph = cachedGraph.graph;
    else {
      const build = async (b: KnnBackend) =>
        buildKnn(
          vectors,
          n,
          dim,
          params.nNeighbors,
          await kernel(b),
          {
            get cancelled() {
              return ctx.cancelled;
            },
            // kNN blocks scaled onto 0..n, then epochs
            progress: (done, total) =>
              ctx.progress(Math.round((done / total) * n), n + params.nEpochs),
          },
          method,
        );
      try {
        graph = await build(backend);
      } catch (e) {
        // A GPU that fails (init, device lost) falls back to WASM; cancels and WASM errors propagate.
        if (backend !== 'webgpu' || ctx.cancelled) throw e;
        backend = 'wasm';
        graph = await build(backend);
      }
      cachedGraph = { key, graph };
    }
    const t1 = performance.now();
    const layout = createLayout(graph, params, engine);
    const embedding = await runEpochs(layout, {
      get cancelled() {
        return ctx.cancelled;
      },
      progress: (epoch, total) => ctx.progress(n + epoch, n + total),
    });
    return {
      embedding,
      n,
      engine,
      knnBackend: backend,
      knnMethod: method,
      knnMs: t1 - t0,
      layoutMs: performance.now() - t1,
      knnCached,
    };
  },
};

export type ProjectionApi = typeof api;

expose(api);
