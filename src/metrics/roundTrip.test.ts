import { describe, expect, it } from 'vitest';
import { dedupe, gather, mean, roundTrip, sampleWindows } from './roundTrip';

const f = (xs: number[]) => Float32Array.from(xs);

describe('roundTrip (hand-computed, d = 2)', () => {
  // window 0: prediction (3,4) of norm 5, decoded sentence re-embedded as (1,0), target (0,2)
  // window 1: prediction (1,1), re-embedded (0,1), target (0,1)
  const prediction = f([3, 4, 1, 1]);
  const reembedded = f([1, 0, 0, 1]);
  const targets = f([0, 2, 0, 1]);
  const top1 = f([0.8, Math.SQRT1_2]);
  const rt = roundTrip(prediction, targets, reembedded, top1, 2, 2);

  it('cos(prediction, re-embedded) normalises the raw prediction', () => {
    expect(rt.predVsReembedded[0]).toBeCloseTo(3 / 5, 6);
    expect(rt.predVsReembedded[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('cos(target, re-embedded)', () => {
    expect(rt.targetVsReembedded[0]).toBeCloseTo(0, 6);
    expect(rt.targetVsReembedded[1]).toBeCloseTo(1, 6);
  });

  it('distance to the manifold is 1 − top-1 cosine', () => {
    expect(rt.manifoldDistance[0]).toBeCloseTo(0.2, 6);
    expect(rt.manifoldDistance[1]).toBeCloseTo(1 - Math.SQRT1_2, 6);
  });

  it('means over windows', () => {
    expect(mean(rt.predVsReembedded)).toBeCloseTo((0.6 + Math.SQRT1_2) / 2, 6);
    expect(mean(rt.targetVsReembedded)).toBeCloseTo(0.5, 6);
    expect(mean([])).toBeNaN();
  });

  it('when re-embedding reproduces the stored bank vector exactly, cos(prediction, re-embedded) = 1 − distance', () => {
    // The decoded sentences are bank rows (0.6, 0.8) and (1, 0); top-1 cosines computed by hand.
    const bank = f([0.6, 0.8, 1, 0]);
    const pred = f([3, 4, 2, 1]);
    const top = f([1, 2 / Math.sqrt(5)]);
    const exact = roundTrip(pred, f([1, 0, 0, 1]), gather(bank, [0, 1], 2), top, 2, 2);
    for (let i = 0; i < 2; i++) {
      expect(exact.predVsReembedded[i]).toBeCloseTo(1 - exact.manifoldDistance[i], 6);
    }
    expect(exact.targetVsReembedded[0]).toBeCloseTo(0.6, 6);
    expect(exact.targetVsReembedded[1]).toBeCloseTo(0, 6);
  });
});

describe('round-trip helpers', () => {
  it('samples at most cap windows, evenly spaced, in order', () => {
    expect(sampleWindows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
    expect(sampleWindows([3, 9], 5)).toEqual([3, 9]);
    expect(sampleWindows([3, 9], 0)).toEqual([]);
  });

  it('embeds each distinct text once', () => {
    const { unique, index } = dedupe(['a', 'b', 'a', 'c', 'b']);
    expect(unique).toEqual(['a', 'b', 'c']);
    expect([...index]).toEqual([0, 1, 0, 2, 1]);
  });

  it('gathers rows in the order asked', () => {
    expect([...gather(f([1, 2, 3, 4, 5, 6]), [2, 0], 2)]).toEqual([5, 6, 1, 2]);
  });
});
