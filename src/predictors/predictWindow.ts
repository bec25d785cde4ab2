/** Runs every selected model and baseline on one window and retrieves each one's neighbours. */
import type { Dataset, WindowSet } from '../data/types';
import { searchBank } from '../engine/retrieval';
import type { ModelInfo } from '../engine/types';
import { cosineRows, rowNorm } from '../metrics/cosine';
import type { Predictor } from '../metrics/evaluate';
import { bankRef } from '../engine/retrieval';
import { baselinePredictors, modelPredictor } from './evaluation';
import { compatible } from './compatibility';
import { bundleColumn } from './resultsBundleRegistry';
import type { ColumnResult, Neighbour } from './columnResult';

export const TOP = 10;

export type { ColumnResult, Neighbour } from './columnResult';

/** Text of bank entry `index`, or its index when the dataset has no texts. */
export function bankText(dataset: Dataset, index: number): string {
  return dataset.bank.texts?.[index] ?? `vector #${index}`;
}

/** Text of window `index`'s context position `a`, or a placeholder for a vector without a row. */
export function contextText(dataset: Dataset, w: WindowSet, index: number, a: number): string {
  const idx = w.contextIndex[index * w.k + a];
  return idx >= 0 ? bankText(dataset, idx) : `context vector ${a + 1}`;
}

/** Article id of each window (by its target's stream row), or null without article ids. */
export function windowArticles(dataset: Dataset, w: WindowSet): Int32Array | null {
  const ids = dataset.stream?.articleIds;
  if (!ids) return null;
  const out = new Int32Array(w.n);
  for (let i = 0; i < w.n; i++) out[i] = w.targetIndex[i] >= 0 ? ids[w.targetIndex[i]] : -1;
  return out;
}

/**
 * One window through every predictor, then one batched bank search for all of them; a results
 * bundle's models show their stored window (after the models that ran, before the baselines).
 */
export async function predictWindow(
  dataset: Dataset,
  w: WindowSet,
  i: number,
  models: ModelInfo[],
  signal?: AbortSignal,
): Promise<ColumnResult[]> {
  const columns = await runWindow(dataset, w, i, models, signal);
  const stored = compatible(models, w.dim, w.k, dataset.id)
    .filter((m) => m.source === 'bundle')
    .map((m) => bundleColumn(m, dataset, w, i));
  const ran = columns.filter((c) => c.kind === 'model');
  return [...ran, ...stored, ...columns.filter((c) => c.kind !== 'model')];
}

async function runWindow(
  dataset: Dataset,
  w: WindowSet,
  i: number,
  models: ModelInfo[],
  signal?: AbortSignal,
): Promise<ColumnResult[]> {
  const { k, dim: d } = w;
  const contexts = w.contexts.slice(i * k * d, (i + 1) * k * d);
  const target = w.targets.slice(i * d, (i + 1) * d);
  const predictors: Predictor[] = [
    ...compatible(models, d, k).map((m) => modelPredictor(m, 'interactive')),
    ...(await baselinePredictors(k, d)),
  ];
  const outs = await Promise.allSettled(predictors.map((p) => p.predict(contexts, 1, { signal })));
  signal?.throwIfAborted();
  const ok = outs.flatMap((o, j) =>
    o.status === 'fulfilled' ? [{ p: predictors[j], o: o.value }] : [],
  );
  const queries = new Float32Array(ok.length * d);
  ok.forEach(({ o }, j) => queries.set(o.prediction.subarray(0, d), j * d));
  // The window's target once per answering predictor (searchBank copies what it is given).
  const repeated = Float32Array.from({ length: ok.length * d }, (_, j) => target[j % d]);
  const res = ok.length
    ? await searchBank(
        bankRef(dataset),
        {
          queries,
          n: ok.length,
          targetIndex: new Int32Array(ok.length).fill(w.targetIndex[i]),
          contextIndex: Int32Array.from(
            { length: ok.length * k },
            (_, j) => w.contextIndex[i * k + (j % k)],
          ),
          k,
          top: TOP,
          targets: repeated,
        },
        { signal },
      )
    : null;
  const cosines = cosineRows(queries, repeated, ok.length, d);
  return predictors.map((p, j) => {
    const o = outs[j];
    if (o.status === 'rejected') {
      const e = o.reason as Error;
      return {
        id: p.id,
        name: p.name,
        kind: p.kind,
        cosine: NaN,
        rank: NaN,
        neighbours: [],
        wallMs: NaN,
        backend: '',
        error: e?.message ?? String(e),
      };
    }
    const row = ok.findIndex((x) => x.p === p);
    const top = res!.top;
    // Scores are dot products with the raw prediction; bank rows are unit, so divide by its norm.
    const norm = rowNorm(queries, row, d) || 1;
    const neighbours: Neighbour[] = [];
    for (let t = 0; t < top; t++) {
      const index = res!.topIndices[row * top + t];
      neighbours.push({
        index,
        score: res!.topScores[row * top + t] / norm,
        isTarget: index === w.targetIndex[i],
      });
    }
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      cosine: cosines[row],
      rank: res!.ranks[row],
      neighbours,
      wallMs: o.value.wallMs,
      backend: o.value.backend,
    };
  });
}
