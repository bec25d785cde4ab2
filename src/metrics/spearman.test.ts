import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman, spearmanRows } from './spearman';

describe('spearman', () => {
  it('gives tied values the mean of their ranks', () => {
    expect([...averageRanks([5, 6, 7, 8, 7])]).toEqual([1, 2, 3.5, 5, 3.5]);
    expect([...averageRanks([2, 2, 2])]).toEqual([2, 2, 2]);
  });
  it('matches hand-computed values', () => {
    // ranks [3,1,2] vs [1,2,3]: sum d^2 = 6, rho = 1 - 6*6 / (3 * (9 - 1)) = -0.5
    expect(spearman([3, 1, 2], [1, 2, 3])).toBeCloseTo(-0.5, 12);
    // ranks [1..5] vs [1, 2, 3.5, 5, 3.5]: covariance 8, variances 10 and 9.5 -> 8 / sqrt(95)
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
    expect(spearman([0.1, 0.2, 0.3, 0.4], [1, 10, 100, 1000])).toBeCloseTo(1, 12);
    expect(spearman([0.1, 0.2, 0.3, 0.4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });
  it('is NaN for a constant side', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
  });
  it('runs row by row', () => {
    const a = Float32Array.from([3, 1, 2, 1, 2, 3]);
    const b = Float32Array.from([1, 2, 3, 1, 2, 3]);
    const r = spearmanRows(a, b, 2, 3);
    expect(r[0]).toBeCloseTo(-0.5, 12);
    expect(r[1]).toBeCloseTo(1, 12);
  });
});
