/** Cut windows of K context vectors + the next one from a dataset, never across an article boundary. */
import { fail } from './errors';
import type { Dataset, WindowSet } from './types';
import { locateWindows } from './valueGroups';

const cache = new Map<string, { dataset: Dataset; byK: Map<number, WindowSet> }>();

/**
 * Runs of consecutive rows that may share a window: a run ends where the article id changes or where
 * rows were dropped from the file (sourceRows jumps).
 */
export function streamRuns(stream: NonNullable<Dataset['stream']>): Array<[number, number]> {
  const { count, articleIds, sourceRows } = stream;
  const runs: Array<[number, number]> = [];
  let start = 0;
  for (let i = 1; i <= count; i++) {
    const boundary =
      i === count ||
      (articleIds !== undefined && articleIds[i] !== articleIds[i - 1]) ||
      (sourceRows !== undefined && sourceRows[i] !== sourceRows[i - 1] + 1);
    if (boundary) {
      if (i > start) runs.push([start, i]);
      start = i;
    }
  }
  return runs;
}

/** Windows of context length k inside the runs: a run of r rows yields r - k of them. */
function windowsInRuns(runs: Array<[number, number]>, k: number): number {
  let n = 0;
  for (const [a, b] of runs) n += Math.max(0, b - a - k);
  return n;
}

/** How many windows of context length k the dataset yields (cheap; nothing is allocated). */
export function countWindows(dataset: Dataset, k: number): number {
  if (!Number.isInteger(k) || k < 1) return 0;
  if (dataset.stream) return windowsInRuns(streamRuns(dataset.stream), k);
  return dataset.windows && k <= dataset.windows.k ? dataset.windows.count : 0;
}

function cut(dataset: Dataset, k: number): WindowSet {
  const { dim } = dataset;
  if (!Number.isInteger(k) || k < 1)
    fail(dataset.origin, 'bad-k', 'a context length K >= 1', `K = ${k}`);
  if (dataset.stream) {
    const runs = streamRuns(dataset.stream);
    const n = windowsInRuns(runs, k);
    const src = dataset.stream.vectors;
    const contexts = new Float32Array(n * k * dim);
    const targets = new Float32Array(n * dim);
    const targetIndex = new Int32Array(n);
    const contextIndex = new Int32Array(n * k);
    let w = 0;
    for (const [a, b] of runs) {
      for (let t = a + k; t < b; t++, w++) {
        // the k context rows are contiguous in the stream, so one copy each
        contexts.set(src.subarray((t - k) * dim, t * dim), w * k * dim);
        targets.set(src.subarray(t * dim, (t + 1) * dim), w * dim);
        targetIndex[w] = t;
        for (let j = 0; j < k; j++) contextIndex[w * k + j] = t - k + j;
      }
    }
    return { k, dim, n, contexts, targets, targetIndex, contextIndex };
  }
  const win = dataset.windows;
  if (!win) fail(dataset.origin, 'bad-shape', 'a stream or windows', 'neither');
  if (k > win.k)
    fail(
      dataset.origin,
      'bad-k',
      `windows with at least K = ${k} context vectors`,
      `windows of K = ${win.k}`,
      `${dataset.origin} holds windows of K = ${win.k}; a model with K = ${k} needs longer contexts`,
    );
  const n = win.count;
  // shorter K: keep the last k context vectors of each window, which are consecutive and end at the target
  let contexts = win.contexts;
  if (k < win.k) {
    contexts = new Float32Array(n * k * dim);
    for (let i = 0; i < n; i++)
      contexts.set(
        win.contexts.subarray((i * win.k + win.k - k) * dim, (i + 1) * win.k * dim),
        i * k * dim,
      );
  }
  // No stream rows to point at: contexts (and targets of a separate bank) are found by value.
  const { targetIndex, contextIndex } = locateWindows(dataset.bank, win.targets, contexts, n, dim);
  return { k, dim, n, contexts, targets: win.targets, targetIndex, contextIndex };
}

/** Windows of context length k (cached per dataset id and k; a re-registered id is re-cut). */
export function cutWindows(dataset: Dataset, k: number): WindowSet {
  let entry = cache.get(dataset.id);
  if (!entry || entry.dataset !== dataset) {
    entry = { dataset, byK: new Map() };
    cache.set(dataset.id, entry);
  }
  let ws = entry.byK.get(k);
  if (!ws) entry.byK.set(k, (ws = cut(dataset, k)));
  return ws;
}

/** Forget the windows cut for a dataset (on removal). */
export function clearWindowCache(id?: string): void {
  if (id === undefined) cache.clear();
  else cache.delete(id);
}
