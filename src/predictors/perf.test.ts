import { describe, expect, it } from 'vitest';
import { bestThroughput, percentile } from './perf';

describe('percentile', () => {
  it('interpolates like numpy', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(v, 50)).toBeCloseTo(5.5, 12);
    expect(percentile(v, 95)).toBeCloseTo(9.55, 12);
    expect(percentile(v, 99)).toBeCloseTo(9.91, 12);
    expect(percentile([4], 99)).toBe(4);
    expect(percentile([], 50)).toBeNaN();
  });
  it('picks the best batch', () => {
    expect(
      bestThroughput(
        new Map([
          [1, 100],
          [32, 900],
          [128, 850],
        ]),
      ),
    ).toEqual({ batch: 32, perSecond: 900 });
  });
});
