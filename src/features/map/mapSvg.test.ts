// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import { KIND, type MapPoints } from './mapData';
import { buildScene } from './mapScene';
import { mapSvg, SVG_MAX_POINTS } from './mapSvg';
import { fitView } from './viewport';

function pointsOf(windows: number): { points: MapPoints; embedding: Float32Array } {
  const n = 2 * windows;
  const kind = new Uint8Array(n);
  const predictor = new Int16Array(n).fill(-1);
  const window = new Int32Array(n);
  const embedding = new Float32Array(2 * n);
  for (let w = 0; w < windows; w++) {
    kind[w] = KIND.target;
    kind[windows + w] = KIND.prediction;
    predictor[windows + w] = 0;
    window[w] = window[windows + w] = w;
    embedding.set([w % 100, Math.floor(w / 100)], 2 * w);
    embedding.set([(w % 100) + 0.3, Math.floor(w / 100) + 0.3], 2 * (windows + w));
  }
  const points: MapPoints = {
    n,
    dim: 2,
    vectors: new Float32Array(2 * n),
    kind,
    window,
    predictor,
    cosine: new Float32Array(n).fill(0.7),
    row: Int32Array.from({ length: n }, (_, i) => (i < windows ? i : -1)),
    predictors: [{ id: 'user-1', name: 'Model <b>"x"</b> & co' }],
    windows,
  };
  return { points, embedding };
}

const dataset = { bank: { texts: null } } as unknown as Dataset;
const size = { width: 800, height: 600 };

function svgOf(windows: number, hidden = new Set<string>()) {
  const { points, embedding } = pointsOf(windows);
  const scene = buildScene(points, embedding, dataset, 'model');
  return mapSvg({
    scene,
    view: fitView(scene.bounds, size),
    size,
    hidden,
    pointScale: 1,
    lines: [],
    path: [
      [0, 0],
      [1, 1],
    ],
    pathColour: '#ff7f0e',
    labels: [{ text: 'cats · <mats>', x: 100, y: 100, width: 90, height: 16, size: 3 }],
  });
}

describe('mapSvg', () => {
  it('writes a valid SVG with a marker per visible point, names and labels as text', () => {
    const text = svgOf(50);
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.documentElement.tagName).toBe('svg');
    // 50 targets (rings) + 50 predictions (discs)
    const markers = doc.querySelectorAll('g > circle');
    expect(markers).toHaveLength(100);
    expect(doc.querySelectorAll('g > circle[fill="none"]')).toHaveLength(50);
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('cats · <mats>');
    expect(texts).toContain('Model <b>"x"</b> & co');
    expect(doc.querySelector('b')).toBeNull();
  });

  it('leaves out a hidden group', () => {
    const doc = new DOMParser().parseFromString(svgOf(50, new Set(['user-1'])), 'image/svg+xml');
    expect(doc.querySelectorAll('g > circle')).toHaveLength(50);
  });

  it('refuses more than SVG_MAX_POINTS points (the map exports a PNG instead)', () => {
    expect(() => svgOf(SVG_MAX_POINTS / 2 + 1)).toThrow(/more than an SVG can hold/);
  });
});
