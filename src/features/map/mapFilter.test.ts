import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import { KIND, type MapPoints } from './mapData';
import { applyMapFilter, isFiltering, NO_FILTER, pointTopics } from './mapFilter';

// 3 windows; predictor a then b; one context point. Point order: targets 0-2, a 3-5, b 6-8, context 9.
const T = KIND.target;
const P = KIND.prediction;
const points: MapPoints = {
  n: 10,
  dim: 2,
  vectors: new Float32Array(20),
  kind: Uint8Array.from([T, T, T, P, P, P, P, P, P, KIND.context]),
  window: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, -1]),
  predictor: Int16Array.from([-1, -1, -1, 0, 0, 0, 1, 1, 1, -1]),
  cosine: Float32Array.from([1, 1, 1, 0.5, 0.9, 0.2, 0.1, 0.3, 0.5, 1]),
  row: Int32Array.from([10, 11, 12, -1, -1, -1, -1, -1, -1, 3]),
  predictors: [
    { id: 'a', name: 'A' },
    { id: 'b', name: 'B' },
  ],
  windows: 3,
};
// Rows 10 and 12 are in article 0 (sci), rows 11 and 3 in article 1 (arts).
const dataset = {
  articles: [
    { id: 0, title: 'S', topic: 'sci' },
    { id: 1, title: 'A', topic: 'arts' },
  ],
  stream: { articleIds: Int32Array.from({ length: 13 }, (_, r) => (r === 11 || r === 3 ? 1 : 0)) },
} as unknown as Dataset;
const topics = pointTopics(points, dataset);
const shownPoints = (s: Uint8Array) => [...s.keys()].filter((i) => s[i]);

describe('map filters', () => {
  it('gives predictions the topic of their window, others their own row', () => {
    expect(topics).toEqual([
      'sci',
      'arts',
      'sci',
      'sci',
      'arts',
      'sci',
      'sci',
      'arts',
      'sci',
      'arts',
    ]);
  });

  it('topic + cosine range: a window passes when one of its predictions does (min inclusive)', () => {
    const r = applyMapFilter(points, topics, { ...NO_FILTER, topic: 'sci', cosMin: 0.5 });
    expect(r.windows).toEqual([0, 2]);
    // a@w0 has cos exactly 0.5; b@w2 too; the arts context is hidden.
    expect(shownPoints(r.shown)).toEqual([0, 2, 3, 8]);
  });

  it('cosine max is inclusive', () => {
    const r = applyMapFilter(points, topics, { ...NO_FILTER, cosMax: 0.3 });
    expect(r.windows).toEqual([0, 1, 2]);
    expect(shownPoints(r.shown)).toEqual([0, 1, 2, 5, 6, 7, 9]);
  });

  it('a hidden model neither draws nor passes windows', () => {
    const r = applyMapFilter(points, topics, { ...NO_FILTER, hiddenModels: ['b'], cosMin: 0.5 });
    expect(r.windows).toEqual([0, 1]);
    expect(shownPoints(r.shown)).toEqual([0, 1, 3, 4, 9]);
  });

  it('with every model hidden, windows pass on topic alone', () => {
    const r = applyMapFilter(points, topics, {
      ...NO_FILTER,
      hiddenModels: ['a', 'b'],
      topic: 'arts',
    });
    expect(r.windows).toEqual([1]);
    expect(shownPoints(r.shown)).toEqual([1, 9]);
  });

  it('no filter passes everything; an empty range passes nothing', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(applyMapFilter(points, topics, NO_FILTER).windows).toEqual([0, 1, 2]);
    const none = applyMapFilter(points, topics, { ...NO_FILTER, cosMin: 0.95 });
    expect(isFiltering({ ...NO_FILTER, cosMin: 0.95 })).toBe(true);
    expect(none.windows).toEqual([]);
  });
});

describe('map filter by a window set (a slice or a selection)', () => {
  it('keeps only the set’s targets and predictions, and passes only its windows', () => {
    const f = { ...NO_FILTER, windows: [2, 0] };
    expect(isFiltering(f)).toBe(true);
    const r = applyMapFilter(points, topics, f);
    expect(r.windows).toEqual([0, 2]);
    // targets 0 and 2, their predictions (a: 3, 5; b: 6, 8), and the context point
    expect(shownPoints(r.shown)).toEqual([0, 2, 3, 5, 6, 8, 9]);
  });

  it('holds with every model hidden, where only targets are drawn', () => {
    const r = applyMapFilter(points, topics, {
      ...NO_FILTER,
      hiddenModels: ['a', 'b'],
      windows: [1],
    });
    expect(r.windows).toEqual([1]);
  });

  it('combines with the cosine range', () => {
    const r = applyMapFilter(points, topics, { ...NO_FILTER, windows: [0, 1], cosMin: 0.6 });
    // only window 1 has a prediction (a: 0.9) at or above 0.6
    expect(r.windows).toEqual([1]);
  });
});
