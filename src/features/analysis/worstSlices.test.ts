import { describe, expect, it } from 'vitest';
import type { SliceMetrics, SliceStat } from '../../metrics/slices';
import { worstSlices } from './worstSlices';

const stat = (n: number, mean: number): SliceStat => ({ n, mean, se: 0 });
/** One slice set whose groups have these (n, Hit@5) values; cosine = Hit@5 / 2. */
const metrics = (groups: Array<[number, number]>): SliceMetrics[] => [
  {
    hit5: groups.map(([n, m]) => stat(n, m)),
    cosine: groups.map(([n, m]) => stat(n, m / 2)),
    mrr: groups.map(([n]) => stat(n, 0)),
  },
];

describe('worstSlices', () => {
  const base = {
    id: 'linear_average',
    name: 'Linear average',
    kind: 'baseline' as const,
    slices: metrics([
      [30, 0.5],
      [19, 0.9],
      [25, 0.2],
    ]),
  };
  const model = {
    id: 'gru',
    name: 'GRU',
    kind: 'model' as const,
    slices: metrics([
      [30, 0.3],
      [19, 0.1],
      [25, 0.4],
    ]),
  };
  const other = {
    ...base,
    id: 'persistence',
    slices: metrics([
      [30, 0],
      [19, 0],
      [25, 0],
    ]),
  };

  it('orders model − linear average, most negative first, skipping slices under 20 windows and baselines', () => {
    const rows = worstSlices([model, base, other], 'linear_average', 'hit5');
    // group 1 (gap −0.8) has 19 windows; persistence is a baseline, not ranked
    expect(rows.map((r) => [r.modelId, r.group])).toEqual([
      ['gru', 0],
      ['gru', 2],
    ]);
    expect(rows[0].gap).toBeCloseTo(-0.2, 12);
    expect(rows[0].baseline).toBe(0.5);
    expect(rows[1].gap).toBeCloseTo(0.2, 12);
  });

  it('ranks on the metric asked for and is empty without the baseline', () => {
    const rows = worstSlices([model, base], 'linear_average', 'cosine', 1);
    expect(rows).toHaveLength(1);
    expect(rows[0].gap).toBeCloseTo(-0.1, 12);
    expect(worstSlices([model], 'linear_average', 'hit5')).toEqual([]);
  });
});
