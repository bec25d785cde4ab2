import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import { KIND, type MapPoints } from './mapData';
import { clusterLabels, densityTrace, labelAnnotations } from './mapOverlays';
import { pointLabel } from './mapTraces';

// Six targets (bank rows 0-5) in two blobs on the layout, then one prediction per window.
const T = KIND.target;
const P = KIND.prediction;
const points: MapPoints = {
  n: 12,
  dim: 2,
  vectors: new Float32Array(24),
  kind: Uint8Array.from([T, T, T, T, T, T, P, P, P, P, P, P]),
  window: Int32Array.from([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]),
  predictor: Int16Array.from([-1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0]),
  cosine: Float32Array.from([1, 1, 1, 1, 1, 1, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
  row: Int32Array.from([0, 1, 2, 3, 4, 5, -1, -1, -1, -1, -1, -1]),
  predictors: [{ id: 'm', name: 'M <i>1</i>' }],
  windows: 6,
};
// Targets 0-2 near (0,0), 3-5 near (10,10); predictions far away so they cannot sway a cluster.
const embedding = Float32Array.from([
  0, 0, 1, 0, 0, 1, 10, 10, 11, 10, 10, 11, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50,
]);
const texts = [
  'Cats purr on mats.',
  'Cats chase mice.',
  'Purring cats nap.',
  'Stocks fell as markets closed.',
  'Markets rallied and stocks rose.',
  'Bond markets <b>x</b> & y',
];
const dataset = {
  bank: { vectors: new Float32Array(0), count: 6, texts },
  stream: { articleIds: new Int32Array(6) },
  articles: [{ id: 0, title: 'Title <script>', topic: 't' }],
} as unknown as Dataset;

describe('cluster labels', () => {
  it('clusters the targets by layout and names each cluster by its distinctive words', () => {
    const labels = clusterLabels(points, embedding, dataset);
    expect(labels).toHaveLength(2); // k = round(√(6/2)) = 2
    const cats = labels.find((l) => l.x < 5)!;
    const markets = labels.find((l) => l.x > 5)!;
    expect([cats.x, cats.y, cats.size]).toEqual([1 / 3, 1 / 3, 3]);
    // cats: cats×3 (tf 3/7); markets: markets×3 (tf 3/10), stocks×2; every word is in one cluster.
    expect(cats.words).toEqual(['cats', 'chase', 'mats']);
    expect(markets.words).toEqual(['markets', 'stocks', 'bond']);
  });

  it('draws one annotation per labelled cluster at its centroid', () => {
    const ann = labelAnnotations([
      { x: 1, y: 2, size: 3, words: ['a<b', 'c&d'] },
      { x: 5, y: 5, size: 2, words: [] },
    ]);
    expect(ann).toHaveLength(1);
    expect(ann[0]).toMatchObject({ x: 1, y: 2, text: '<b>a&lt;b · c&amp;d</b>' });
  });

  it('has no words without texts', () => {
    const bare = { ...dataset, bank: { ...dataset.bank, texts: undefined } };
    expect(clusterLabels(points, embedding, bare).every((l) => l.words.length === 0)).toBe(true);
  });
});

describe('hover text', () => {
  it('keeps a sentence, title and model name as the data says ("<b>x</b> & y" is text)', () => {
    const target = pointLabel(points, dataset, 5);
    expect(target.head).toBe('target');
    expect(target.text).toContain('Bond markets <b>x</b> & y');
    expect(target.where).toBe('Title <script> · window 5');
    const pred = pointLabel(points, dataset, 11);
    expect(pred.head).toBe('M <i>1</i> prediction · cos 0.900');
    expect(pred.text).toContain('target: Bond markets <b>x</b> & y');
  });
});

describe('density contours', () => {
  it('contours the drawn targets only', () => {
    const shown = Uint8Array.from([1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const t = densityTrace(points, embedding, shown) as { type: string; x: number[] };
    expect(t.type).toBe('histogram2dcontour');
    expect(t.x).toEqual([0, 1, 0]);
    expect(densityTrace(points, embedding, new Uint8Array(12))).toBeNull();
  });
});
