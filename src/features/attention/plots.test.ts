import { describe, expect, it } from 'vitest';
import type { Analysable } from './splitAnalyses';
import { expectNameEscaped, HOSTILE_NAME } from '../../test/hostileText';
import { headsHeatmap, meanSeTraces, profileTrace } from './plots';

const predictor = (id: string, kind: Analysable['kind']): Analysable => ({
  id,
  name: id.toUpperCase(),
  kind,
  dynamicK: false,
  hasAttention: false,
  run: async () => {
    throw new Error('not run');
  },
});

/** The fields these tests read (Plotly's PlotData is a union of every trace type). */
interface Trace {
  x: unknown[];
  y: unknown[];
  z: number[][];
  line: { dash: string };
  hovertemplate: string;
  error_y: { array: number[] };
}

describe('attention plots', () => {
  it('averages each head over the windows, one row per head', () => {
    // 2 windows, 2 heads, k = 3: window 0 then window 1, head-major inside each
    const data = Float32Array.from([0, 0.5, 0.5, 1, 0, 0, 0.5, 0.5, 0, 0, 0, 1]);
    const trace = headsHeatmap({ n: 2, heads: 2, k: 3, data }) as Trace;
    expect(trace.z).toEqual([
      [0.25, 0.5, 0.25],
      [0.5, 0, 0.5],
    ]);
    expect(trace.x).toEqual(['pos 1', 'pos 2', 'pos 3']);
    expect(trace.y).toEqual(['head 1', 'head 2']);
  });

  it('gives each predictor its mean and standard error per x, baselines dotted', () => {
    const rows = [
      {
        p: predictor('amn', 'model'),
        cos: [Float32Array.from([0.5, 0.7]), Float32Array.from([0.4, 0.4])],
      },
      {
        p: predictor('persistence', 'baseline'),
        cos: [Float32Array.from([0.2, 0.2]), Float32Array.from([0.1, 0.3])],
      },
    ];
    const [model, baseline] = meanSeTraces(rows, 2, [1, 2], 'step') as Trace[];
    expect(model.y).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.4, 6)]);
    expect(model.line.dash).toBe('solid');
    expect(baseline.line.dash).toBe('dot');
    expect(model.hovertemplate).toBe('AMN · step %{x}: %{y:.3f}<extra></extra>');
    // standard error = std / sqrt(n); the second baseline step has spread 0.1 around 0.2
    const se = baseline.error_y.array;
    expect(se[0]).toBeCloseTo(0, 6);
    expect(se[1]).toBeGreaterThan(0);
  });

  it('shows a model name as text, never as markup (rollout, noise sweep, recency, occlusion)', () => {
    const p = { ...predictor('user-1', 'model'), name: HOSTILE_NAME };
    expectNameEscaped(meanSeTraces([{ p, cos: [Float32Array.from([0.5])] }], 1, [1], 'noise'));
    expectNameEscaped(profileTrace('user-1', HOSTILE_NAME, 2, { mean: [0.5, 0.5], std: [0, 0] }));
  });
});
