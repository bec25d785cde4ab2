import { describe, expect, it } from 'vitest';
import {
  evenSample,
  meanPairwiseCosine,
  medianSorted,
  participationRatio,
  regressionToMean,
  varianceRatios,
} from './geometry';

describe('regressionToMean', () => {
  it('is cos(prediction, mean) − cos(target, mean) per window (2-D toy)', () => {
    const means = Float32Array.from([1, 0, 1, 0]);
    // window 0: prediction on the mean (cos 1), target at 90° (cos 0) → 1
    // window 1: prediction at 60° (cos 0.5), target at 45° (cos √½) → 0.5 − √½
    const pred = Float32Array.from([2, 0, 0.5, Math.sqrt(3) / 2]);
    const tgt = Float32Array.from([0, 1, 1, 1]);
    const r = regressionToMean(pred, tgt, means, 2, 2);
    expect(r[0]).toBeCloseTo(1, 6);
    expect(r[1]).toBeCloseTo(0.5 - Math.SQRT1_2, 6);
  });
});

describe('meanPairwiseCosine', () => {
  it('averages cos over every pair of the sampled rows', () => {
    // e1, e1, e2: pairs (0,1)=1, (0,2)=0, (1,2)=0 → 1/3; row 3 (−e1) is not sampled
    const x = Float32Array.from([1, 0, 3, 0, 0, 2, -1, 0]);
    expect(meanPairwiseCosine(x, [0, 1, 2], 2)).toBeCloseTo(1 / 3, 12);
    expect(meanPairwiseCosine(x, [0, 3], 2)).toBeCloseTo(-1, 12);
  });

  it('samples evenly', () => {
    expect(evenSample(3, 5)).toEqual([0, 1, 2]);
    expect(evenSample(10, 4)).toEqual([0, 2, 5, 7]);
  });
});

describe('participationRatio', () => {
  /** Rows ±a_i e_i for each i: covariance diag(a_i²) (column means 0). */
  function axes(scales: number[]): { x: Float32Array; n: number } {
    const d = scales.length;
    const rows: number[][] = [];
    scales.forEach((a, i) => {
      for (const s of [1, -1])
        rows.push(Array.from({ length: d }, (_, j) => (j === i ? s * a : 0)));
    });
    return { x: Float32Array.from(rows.flat()), n: rows.length };
  }

  it('covariance diag(1, 1, 0, 0) → 2', () => {
    const { x, n } = axes([1, 1, 0, 0]);
    expect(participationRatio(x, n, 4)).toBeCloseTo(2, 10);
  });

  it('isotropic in D → D, both when D ≤ n and when D > n', () => {
    const { x, n } = axes([1, 1, 1, 1, 1]);
    expect(n).toBe(10); // d = 5 ≤ n: the d×d product
    expect(participationRatio(x, n, 5)).toBeCloseTo(5, 10);
    // three points at the corners of an equilateral triangle in 4-D (n = 3 < d = 4): the n×n
    // product; isotropic in their 2-D plane → 2
    const t = Float32Array.from([
      1,
      0,
      0,
      0,
      -0.5,
      Math.sqrt(3) / 2,
      0,
      0,
      -0.5,
      -Math.sqrt(3) / 2,
      0,
      0,
    ]);
    expect(participationRatio(t, 3, 4)).toBeCloseTo(2, 6);
  });

  it('spectrum (4, 1) → 25 / 17', () => {
    const { x, n } = axes([2, 1]);
    // covariance diag(4, 1)·(2/4): the scale cancels
    expect(participationRatio(x, n, 2)).toBeCloseTo(25 / 17, 10);
  });

  it('spectrum (4, 1) rotated by 45° → 25 / 17 (off-diagonal covariance counts)', () => {
    const { x, n } = axes([2, 1]);
    const r = new Float32Array(x.length);
    for (let i = 0; i < n; i++) {
      r[2 * i] = (x[2 * i] - x[2 * i + 1]) * Math.SQRT1_2;
      r[2 * i + 1] = (x[2 * i] + x[2 * i + 1]) * Math.SQRT1_2;
    }
    expect(participationRatio(r, n, 2)).toBeCloseTo(25 / 17, 6);
  });

  it('a column offset changes nothing (the covariance is centred)', () => {
    const { x, n } = axes([1, 1, 0, 0]);
    for (let r = 0; r < n; r++) x[r * 4 + 3] += 7;
    expect(participationRatio(x, n, 4)).toBeCloseTo(2, 10);
  });
});

describe('varianceRatios', () => {
  it('is var(pred_i)/var(target_i), ascending, without dimensions whose targets are (numerically) constant', () => {
    // pred columns: var 1 (±1), var 0.25 (±0.5), var 4; target columns: var 1, var 1, var 0
    const pred = Float32Array.from([1, 0.5, 2, -1, -0.5, -2]);
    const tgt = Float32Array.from([1, 1, 3, -1, -1, 3]);
    const r = varianceRatios(pred, tgt, 2, 3);
    expect([...r]).toEqual([0.25, 1]);
    expect(medianSorted(r)).toBe(0.625);
    // a target column varying by 1e-5 (variance 1e-10, under 1e-6 of the mean) counts as constant
    const t2 = Float32Array.from([1, 1, 3 + 1e-5, -1, -1, 3 - 1e-5]);
    expect([...varianceRatios(pred, t2, 2, 3)]).toEqual([0.25, 1]);
    expect(medianSorted([1, 2, 3])).toBe(2);
  });
});
