import { describe, expect, it } from 'vitest';
import {
  categorySlices,
  contextCoherence,
  contextMeans,
  formatIntRange,
  meanSe,
  positionSlices,
  quantileSlices,
  sliceMetrics,
  sliceRows,
} from './slices';

describe('positionSlices', () => {
  it('puts each target sentence number in its bin, bounds inclusive, labelled by sentence number', () => {
    // K = 2: offsets 1, 2, 3, 4, 5, 6, 10, 11, 40 → bins 0, 1, 2, 3, 3, 4, 4, 5, 5
    const s = positionSlices([3, 4, 5, 6, 7, 8, 12, 13, 42], 2);
    expect(s.labels).toEqual(['3', '4', '5', '6–7', '8–12', '13+']);
    expect([...s.slice]).toEqual([0, 1, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('drops bins no window falls in and renumbers the rest', () => {
    const s = positionSlices([6, 20], 5);
    expect(s.labels).toEqual(['6', '16+']);
    expect([...s.slice]).toEqual([0, 1]);
  });
});

describe('quantileSlices', () => {
  it('cuts at the values at sorted index floor(i·n/q); a value equal to an edge goes above it', () => {
    // sorted 1..8, q = 4: edges at index 2, 4, 6 → values 3, 5, 7
    const s = quantileSlices([8, 1, 2, 3, 4, 5, 6, 7], 4);
    expect([...s.slice]).toEqual([3, 0, 0, 1, 1, 2, 2, 3]);
    expect(s.labels).toEqual(['[1.00, 3.00)', '[3.00, 5.00)', '[5.00, 7.00)', '[7.00, 8.00]']);
  });

  it('merges repeated edges, so tied integers make fewer bins', () => {
    const s = quantileSlices([6, 6, 6, 6, 6, 6, 9, 10], 4, formatIntRange);
    // edges: index 2 → 6 (not above the minimum), 4 → 6, 6 → 9
    expect(s.labels).toEqual(['6–8', '9–10']);
    expect([...s.slice]).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    // edges 5, 5, 5 (all above the minimum): one bin below 5, one from 5 up
    const t = quantileSlices([1, 5, 5, 5, 5, 5, 5, 9], 4, formatIntRange);
    expect(t.labels).toEqual(['1–4', '5–9']);
    expect([...t.slice]).toEqual([0, 1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('categorySlices', () => {
  it('orders groups by size and lumps the tail into "other"', () => {
    const s = categorySlices(['b', 'a', 'b', 'c', 'd', 'b', 'a'], 3);
    expect(s.labels).toEqual(['b', 'a', 'other']);
    expect([...s.slice]).toEqual([0, 1, 0, 2, 2, 0, 1]);
  });
});

describe('per-slice metrics', () => {
  it('mean and s.e. = population std / √n', () => {
    // values 1, 3: mean 2, std 1, s.e. 1/√2
    const st = meanSe([1, 9, 3], [0, 2]);
    expect(st.n).toBe(2);
    expect(st.mean).toBe(2);
    expect(st.se).toBeCloseTo(1 / Math.SQRT2, 12);
  });

  it('Hit@5 s.e. is the proportion s.e. and MRR averages 1/rank within each slice', () => {
    const rows = sliceRows({ labels: ['a', 'b'], slice: Int32Array.from([0, 0, 0, 0, 1, -1]) });
    expect(rows).toEqual([[0, 1, 2, 3], [4]]);
    const m = sliceMetrics(rows, [0.5, 0.7, 0.9, 0.3, 1, 0], [1, 5, 6, 2, 4, 1]);
    expect(m.hit5[0].mean).toBe(0.75);
    expect(m.hit5[0].se).toBeCloseTo(Math.sqrt((0.75 * 0.25) / 4), 12);
    expect(m.mrr[0].mean).toBeCloseTo((1 + 1 / 5 + 1 / 6 + 1 / 2) / 4, 12);
    expect(m.cosine[0].mean).toBeCloseTo(0.6, 6);
    expect(m.cosine[1]).toEqual({ n: 1, mean: 1, se: 0 });
  });
});

describe('context features', () => {
  it('coherence is the mean pairwise cosine of the K context vectors', () => {
    // K = 4 in 2-D: e1, e1, e2, e2 → 6 pairs, two of cosine 1 → 1/3
    const ctx = Float32Array.from([1, 0, 2, 0, 0, 3, 0, 1]);
    expect(contextCoherence(ctx, 1, 4, 2)[0]).toBeCloseTo(1 / 3, 6);
  });

  it('the context mean is scaled to unit length', () => {
    const ctx = Float32Array.from([1, 0, 0, 1]);
    const m = contextMeans(ctx, 1, 2, 2);
    expect(m[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(m[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});
