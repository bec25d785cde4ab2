import { CancelledError } from '../lib/worker-rpc';
import { clusterKnn } from './clusterKnn';
import { exactKnn, type KnnBlockRunner } from './knn';
import { refineKnn, REFINE_ROUNDS } from './knnRefine';
import { LensUmap, type SteppedLayout } from './lensUmap';
import { UmapJsLayout } from './umapJs';
import type { KnnGraph, KnnMethod, KnnMethodChoice, LayoutEngine, LayoutParams } from './types';

/**
 * Below this many points the Map finds neighbours exactly, above it approximately (cells, then
 * refinement). `node bench/mapScale.bench.mjs crossover --n 100000 --sizes 5000,10000,20000,40000`
 * on a quiet machine (stream points, headless Chromium, 2 WASM threads;
 * bench/results/mapScale/crossover-quiet.json): exact 0.37 / 1.13 / 4.43 / 17.98 s, approximate
 * 0.25 / 0.63 / 1.79 / 5.04 s, 10-NN recall of the approximate graph 0.84 / 0.74 / 0.63 / 0.50.
 * The approximate search is faster at every measured size, so the line is drawn on cost: exact
 * (every neighbour right) while it takes seconds, approximate once it would take tens of seconds
 * and grows as n² (between 20k and 40k; 30k is interpolated, not a measured point).
 */
export const KNN_EXACT_BELOW = 30_000;

/** 'auto' resolved by size: exact below KNN_EXACT_BELOW points (every neighbour right), else approximate. */
export function chooseKnnMethod(n: number, choice: KnnMethodChoice = 'auto'): KnnMethod {
  if (choice !== 'auto') return choice;
  return n < KNN_EXACT_BELOW ? 'exact' : 'approx';
}

/** What a layout run may ask of its host: cancellation, progress, and a chance to take messages. */
export interface RunHooks {
  readonly cancelled: boolean;
  progress?: (done: number, total: number) => void;
  /** lets the host's event loop run (so a cancel message can arrive); default: a macrotask */
  yieldNow?: () => Promise<void>;
  /** milliseconds of work between yields */
  sliceMs?: number;
}

/** Resolves on the next macrotask without setTimeout's 4 ms clamp. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function check(hooks: RunHooks): void {
  if (hooks.cancelled) throw new CancelledError('Layout cancelled');
}

/**
 * kNN in blocks (exact, or cluster-pruned cell by cell then refined by neighbours' neighbours),
 * yielding between blocks so cancel can land.
 * Progress is reported as done/total blocks.
 */
export async function buildKnn(
  vectors: Float32Array,
  n: number,
  dim: number,
  k: number,
  runBlock: KnnBlockRunner,
  hooks: RunHooks,
  method: KnnMethod = 'exact',
): Promise<KnnGraph> {
  check(hooks);
  const onBlock = async (done: number, total: number) => {
    hooks.progress?.(done, total);
    await (hooks.yieldNow ?? nextTask)();
    check(hooks);
  };
  if (method === 'exact') return exactKnn(vectors, n, dim, Math.min(k, n), runBlock, { onBlock });
  // Cluster-pruned search as the first half of the progress, refinement rounds as the second.
  const graph = await clusterKnn(vectors, n, dim, Math.min(k, n), runBlock, {
    onBlock: (done, total) => onBlock(done, 2 * total),
  });
  await refineKnn(vectors, dim, graph, REFINE_ROUNDS, (done, total) =>
    onBlock(total + done, 2 * total),
  );
  return graph;
}

export function createLayout(
  graph: KnnGraph,
  params: LayoutParams,
  engine: LayoutEngine,
): SteppedLayout {
  return engine === 'umap-js' ? new UmapJsLayout(graph, params) : new LensUmap(graph, params);
}

/**
 * Steps the optimiser epoch by epoch, reporting each epoch and yielding every `sliceMs` so the
 * worker stays responsive; throws CancelledError at the first epoch after a cancel.
 */
export async function runEpochs(layout: SteppedLayout, hooks: RunHooks): Promise<Float32Array> {
  const sliceMs = hooks.sliceMs ?? 30;
  let sliceStart = performance.now();
  check(hooks);
  while (layout.step()) {
    hooks.progress?.(layout.epoch, layout.nEpochs);
    if (performance.now() - sliceStart > sliceMs) {
      await (hooks.yieldNow ?? nextTask)();
      sliceStart = performance.now();
    }
    check(hooks);
  }
  hooks.progress?.(layout.nEpochs, layout.nEpochs);
  return layout.embedding.slice();
}
