import { describe, it } from 'vitest';
import { summarize } from '../../metrics/hits';
import type { EvalEntry } from '../../metrics/evaluate';
import type { ManifestModel } from '../../predictors/manifest';
import { expectNameEscaped, HOSTILE_NAME } from '../../test/hostileText';
import {
  cosineBars,
  cosineBoxes,
  hitBars,
  hitCurves,
  pairedLayout,
  pairedTraces,
  paramsVsOodTraces,
  roundTripBoxes,
  trainingCurves,
} from './comparePlotData';

/** An entry whose name came from a user's .onnx file or a bundle's manifest. */
function entry(id: string, name: string): EvalEntry {
  const cosines = Float32Array.from([0.5, 0.7, 0.9]);
  const ranks = Int32Array.from([1, 3, 2]);
  return {
    id,
    name,
    kind: 'model',
    prediction: new Float32Array(6),
    cosines,
    ranks,
    top: { ids: new Int32Array(0), scores: new Float32Array(0), k: 0 },
    summary: summarize(cosines, ranks),
    backend: 'wasm',
    predictMs: 1,
    rankMs: 1,
  };
}

const hostile = entry('user-1', HOSTILE_NAME);
const plain = entry('amn', 'AMN');

describe('Compare plot builders show a model name as text, never as markup', () => {
  it('cosine bars (category labels and hover)', () => expectNameEscaped(cosineBars([hostile])));
  it('Hit@K bars', () => expectNameEscaped(hitBars([hostile])));
  it('Hit@K curves', () => expectNameEscaped(hitCurves([hostile])));
  it('per-window boxes', () => expectNameEscaped(cosineBoxes([hostile])));
  it('parameters vs OOD cosine (point labels and hover)', () =>
    expectNameEscaped(paramsVsOodTraces([{ m: { ...hostile, params: 1000 }, cos: 0.5 }])));
  it('paired scatter, both ways round, and its axis titles', () => {
    expectNameEscaped(pairedTraces(hostile, plain));
    expectNameEscaped(pairedTraces(plain, hostile));
    expectNameEscaped(pairedLayout(HOSTILE_NAME, 'AMN'));
    expectNameEscaped(pairedLayout('AMN', HOSTILE_NAME));
  });
  it('training curves from a manifest', () => {
    const m = {
      id: 'x',
      name: HOSTILE_NAME,
      history: [{ epoch: 1, val_cosine: 0.5, train_loss: 0.1 }],
    } as unknown as ManifestModel;
    expectNameEscaped(trainingCurves([m]));
  });
  it('round trip boxes', () => {
    const perWindow = {
      predVsReembedded: Float32Array.from([0.5]),
      targetVsReembedded: Float32Array.from([0.4]),
      manifoldDistance: Float32Array.from([0.1]),
    };
    const row = {
      id: 'user-1',
      name: HOSTILE_NAME,
      kind: 'model' as const,
      n: 1,
      predVsReembedded: 0.5,
      targetVsReembedded: 0.4,
      manifoldDistance: 0.1,
      perWindow,
    };
    expectNameEscaped(roundTripBoxes([row], [{ key: 'predVsReembedded', label: 'cos' }]));
  });
});
