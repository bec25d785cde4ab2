/** The points of the map: targets, each predictor's predictions, optional contexts and bank sample. */
import type { Dataset, WindowSet } from '../../data/types';
import { cosineRows, normalizeRows } from '../../metrics/cosine';
import { seededRandom } from '../../projection/random';

export const KIND = { target: 0, prediction: 1, context: 2, bank: 3 } as const;

export interface MapPredictions {
  id: string;
  name: string;
  /** [n, dim], one row per window */
  prediction: Float32Array;
}

export interface MapOptions {
  contexts: boolean;
  /** bank rows to add, sampled with a fixed seed; 0 for none */
  bankSample: number;
}

/** Everything the plot needs per point; the vectors go to the projection worker. */
export interface MapPoints {
  n: number;
  dim: number;
  /** unit rows [n, dim] */
  vectors: Float32Array;
  kind: Uint8Array;
  /** window of a target or prediction, -1 otherwise */
  window: Int32Array;
  /** predictor index into `predictors` for predictions, -1 otherwise */
  predictor: Int16Array;
  /** cosine of a prediction with its target (1 for other points) */
  cosine: Float32Array;
  /** bank / stream row for targets, contexts and bank points, -1 when unknown */
  row: Int32Array;
  predictors: { id: string; name: string }[];
  windows: number;
}

/** Stacks the map's points in a fixed order: targets, predictions by predictor, contexts, bank. */
export function buildMapPoints(
  dataset: Dataset,
  w: WindowSet,
  preds: MapPredictions[],
  options: MapOptions,
): MapPoints {
  const d = w.dim;
  const contextRows: number[] = [];
  if (options.contexts) {
    const seen = new Set<number>();
    for (const r of w.contextIndex) {
      if (r < 0 || seen.has(r)) continue;
      seen.add(r);
      contextRows.push(r);
    }
  }
  const bankRows: number[] = [];
  if (options.bankSample > 0) {
    const rand = seededRandom(7);
    const taken = new Set<number>(w.targetIndex);
    const want = Math.min(options.bankSample, dataset.bank.count);
    for (let tries = 0; bankRows.length < want && tries < want * 20; tries++) {
      const r = Math.floor(rand() * dataset.bank.count);
      if (taken.has(r)) continue;
      taken.add(r);
      bankRows.push(r);
    }
  }
  const n = w.n * (1 + preds.length) + contextRows.length + bankRows.length;
  const vectors = new Float32Array(n * d);
  const kind = new Uint8Array(n);
  const window = new Int32Array(n).fill(-1);
  const predictor = new Int16Array(n).fill(-1);
  const cosine = new Float32Array(n).fill(1);
  const row = new Int32Array(n).fill(-1);

  vectors.set(w.targets, 0);
  for (let i = 0; i < w.n; i++) {
    kind[i] = KIND.target;
    window[i] = i;
    row[i] = w.targetIndex[i];
  }
  preds.forEach((p, j) => {
    const at = w.n * (1 + j);
    vectors.set(p.prediction.subarray(0, w.n * d), at * d);
    const cos = cosineRows(p.prediction, w.targets, w.n, d);
    for (let i = 0; i < w.n; i++) {
      kind[at + i] = KIND.prediction;
      window[at + i] = i;
      predictor[at + i] = j;
      cosine[at + i] = cos[i];
    }
  });
  let at = w.n * (1 + preds.length);
  for (const [rows, k] of [
    [contextRows, KIND.context],
    [bankRows, KIND.bank],
  ] as const) {
    for (const r of rows) {
      vectors.set(dataset.bank.vectors.subarray(r * d, (r + 1) * d), at * d);
      kind[at] = k;
      row[at] = r;
      at++;
    }
  }
  return {
    n,
    dim: d,
    vectors: normalizeRows(vectors, n, d),
    kind,
    window,
    predictor,
    cosine,
    row,
    predictors: preds.map(({ id, name }) => ({ id, name })),
    windows: w.n,
  };
}

/** The context path of window `win` (context points in order, then the target), if all are mapped. */
export function trajectoryOf(
  points: MapPoints,
  contextIndex: Int32Array,
  k: number,
  win: number,
): number[] {
  if (win < 0 || win >= points.windows) return [];
  const pointOfRow = new Map<number, number>();
  for (let i = 0; i < points.n; i++)
    if (points.kind[i] === KIND.context) pointOfRow.set(points.row[i], i);
  const path: number[] = [];
  for (let j = 0; j < k; j++) {
    const p = pointOfRow.get(contextIndex[win * k + j]);
    if (p === undefined) return [];
    path.push(p);
  }
  return [...path, win];
}
