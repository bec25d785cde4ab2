import { describe, expect, it } from 'vitest';
import type { Dataset, WindowSet } from '../../data/types';
import { buildMapPoints, KIND, trajectoryOf } from './mapData';
import { pointLabel } from './pointLabel';

// A stream of 6 sentences in one article, 2-D, windows of k=2: 4 windows.
const d = 2;
const stream = Float32Array.from([1, 0, 0.8, 0.6, 0, 1, -0.6, 0.8, -1, 0, -0.8, -0.6]);
const dataset: Dataset = {
  id: 't',
  name: 't',
  origin: 'test',
  dim: d,
  stream: {
    vectors: stream,
    count: 6,
    texts: ['a', 'b', 'c', 'd', 'e <f>'],
    articleIds: new Int32Array(6),
  },
  bank: { vectors: stream, count: 6, texts: ['a', 'b', 'c', 'd', 'e', 'f <g>'] },
  articles: [{ id: 0, title: 'Art', topic: 'science' }],
};
const k = 2;
const n = 4;
const w: WindowSet = {
  k,
  dim: d,
  n,
  contexts: Float32Array.from(
    { length: n * k * d },
    (_, i) => stream[Math.floor(i / (k * d)) * d + (i % (k * d))],
  ),
  targets: stream.slice(k * d),
  targetIndex: Int32Array.from([2, 3, 4, 5]),
  contextIndex: Int32Array.from([0, 1, 1, 2, 2, 3, 3, 4]),
};

describe('map points', () => {
  const pred = { id: 'm', name: 'Model', prediction: w.targets.map((v) => v * 2) };
  const points = buildMapPoints(dataset, w, [pred], { contexts: true, bankSample: 0 });

  it('stacks targets, predictions and unique contexts', () => {
    expect(points.n).toBe(4 + 4 + 5);
    expect([...points.kind.slice(0, 4)]).toEqual([0, 0, 0, 0]);
    expect(points.kind[4]).toBe(KIND.prediction);
    expect(points.cosine[4]).toBeCloseTo(1, 6);
    expect([...points.row.slice(8)]).toEqual([0, 1, 2, 3, 4]);
    expect(points.vectors[4 * d]).toBeCloseTo(w.targets[0], 6); // normalised back to unit length
  });

  it('describes a prediction by its target sentence, article, model and cosine', () => {
    const label = pointLabel(points, dataset, 5);
    expect(label.head).toContain('Model');
    expect(label.head).toContain('cos 1.000');
    expect(label.text).toContain('target: d');
    expect(label.where).toContain('Art');
    // Text, not markup: shown as typed by the tooltip (MapTooltip.test.tsx).
    expect(pointLabel(points, dataset, 3).text).toContain('f <g>');
  });

  it('traces a window through its contexts to its target', () => {
    expect(trajectoryOf(points, w.contextIndex, k, 1)).toEqual([9, 10, 1]);
    const noContexts = buildMapPoints(dataset, w, [pred], { contexts: false, bankSample: 0 });
    expect(trajectoryOf(noContexts, w.contextIndex, k, 1)).toEqual([]);
  });
});
