import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import { KIND, type MapPoints } from './mapData';
import { clusterLabels, DENSITY_LEVELS, densityGrid } from './mapOverlays';
import { pointLabel } from './pointLabel';

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

describe('density underlay', () => {
  it('shades where the drawn targets are, darkest at their peak, nothing far from them', () => {
    const g = densityGrid(points, embedding, undefined, 20)!;
    const at = (x: number, y: number) => {
      const cell = (g.bounds.x1 - g.bounds.x0) / g.cols;
      const c = Math.floor((x - g.bounds.x0) / cell);
      const r = Math.floor((g.bounds.y1 - y) / cell);
      return g.level[r * g.cols + c];
    };
    // the two blobs of targets, not the predictions at (50, 50)
    expect(at(0.3, 0.3)).toBeGreaterThanOrEqual(DENSITY_LEVELS - 1);
    expect(at(10.3, 10.3)).toBeGreaterThanOrEqual(DENSITY_LEVELS - 1);
    expect(at(5, 5)).toBe(0);
    expect(g.bounds.x1).toBeLessThan(50);
  });

  it('counts the shown targets only, and needs three', () => {
    const firstBlob = Uint8Array.from([1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const g = densityGrid(points, embedding, firstBlob)!;
    expect(g.bounds.x1).toBeLessThan(2); // the hidden blob at (10, 10) is outside
    expect(densityGrid(points, embedding, new Uint8Array(12))).toBeNull();
  });
});
