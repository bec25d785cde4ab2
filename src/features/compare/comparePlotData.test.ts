import { describe, expect, it } from 'vitest';
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
  pairedRange,
  pairedTraces,
  paramsVsOodTraces,
  roundTripBoxes,
  shippedSplit,
  trainingCurves,
  trainingLayout,
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
    expectNameEscaped(pairedLayout(HOSTILE_NAME, 'AMN', [0, 1]));
    expectNameEscaped(pairedLayout('AMN', HOSTILE_NAME, [0, 1]));
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

describe('Compare plot axes fit their data', () => {
  it("the paired scatter spans the two models' cosines (0.5..0.9), not −1…1", () => {
    const [lo, hi] = pairedRange(plain, entry('gru', 'GRU'));
    expect(lo).toBeCloseTo(0.5 - 0.016, 6);
    expect(hi).toBeCloseTo(0.9 + 0.016, 6);
    const identity = pairedTraces(plain, entry('gru', 'GRU'))[1] as { x: number[] };
    expect(identity.x).toEqual([lo, hi]);
    const layout = pairedLayout('a', 'b', [lo, hi]);
    expect(layout.xaxis?.range).toEqual([lo, hi]);
    expect(layout.yaxis?.range).toEqual([lo, hi]);
  });

  it('training curves put loss and cosine on two stacked axes, never one over the other', () => {
    const l = trainingLayout();
    expect(l.yaxis2?.overlaying).toBeUndefined();
    const [a0, a1] = l.yaxis!.domain!;
    const [b0, b1] = l.yaxis2!.domain!;
    expect(a0 >= b1 || b0 >= a1).toBe(true);
  });

  it("knows a shipped split from a user's dataset", () => {
    expect(shippedSplit('demo-ood')).toBe('ood');
    expect(shippedSplit('demo-stress')).toBe('stress');
    expect(shippedSplit('demo-ood.npz')).toBeNull();
    expect(shippedSplit('user_windows.npz')).toBeNull();
  });
});
