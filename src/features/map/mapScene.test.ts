import { describe, expect, it } from 'vitest';
import { errorColour, MAP_COLOURS, modelColor, rgbOf } from '../../components/colors';
import type { Dataset } from '../../data/types';
import { KIND, type MapPoints } from './mapData';
import { buildScene, sceneLines, SHAPE, visibleVertices } from './mapScene';

// Three windows: targets 0-2, predictions of "a" (3-5) and "b" (6-8), one context (9).
const T = KIND.target;
const P = KIND.prediction;
const points: MapPoints = {
  n: 10,
  dim: 2,
  vectors: new Float32Array(20),
  kind: Uint8Array.from([T, T, T, P, P, P, P, P, P, KIND.context]),
  window: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, -1]),
  predictor: Int16Array.from([-1, -1, -1, 0, 0, 0, 1, 1, 1, -1]),
  cosine: Float32Array.from([1, 1, 1, 0.9, 0.5, 0.1, 1, 1, 1, 1]),
  row: Int32Array.from([0, 1, 2, -1, -1, -1, -1, -1, -1, 3]),
  predictors: [
    { id: 'amn', name: 'AMN' },
    { id: 'gru', name: 'GRU' },
  ],
  windows: 3,
};
const embedding = Float32Array.from({ length: 20 }, (_, j) => j);
const dataset = {
  bank: { texts: ['a', 'b', 'c', 'd'] },
  stream: { articleIds: Int32Array.from([0, 0, 1, 1]) },
  articles: [
    { id: 0, title: 'A', topic: 'sport' },
    { id: 1, title: 'B', topic: 'art' },
  ],
} as unknown as Dataset;

const rgbAt = (rgba: Uint8Array, v: number) => [...rgba.slice(v * 4, v * 4 + 3)];

describe('map scene', () => {
  it('draws targets, each model, then contexts, each group one colour and shape', () => {
    const s = buildScene(points, embedding, dataset, 'model');
    expect(s.groups.map((g) => [g.name, g.start, g.end])).toEqual([
      ['targets', 0, 3],
      ['AMN', 3, 6],
      ['GRU', 6, 9],
      ['contexts', 9, 10],
    ]);
    expect([...s.ids]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...s.xy.slice(8, 10)]).toEqual([8, 9]); // vertex 4 is point 4
    expect(rgbAt(s.rgba, 4)).toEqual(rgbOf(modelColor('amn')));
    expect(rgbAt(s.rgba, 7)).toEqual(rgbOf(modelColor('gru')));
    expect(rgbAt(s.rgba, 0)).toEqual(rgbOf(MAP_COLOURS.target));
    expect([s.shape[0], s.shape[4], s.shape[9]]).toEqual([SHAPE.ring, SHAPE.disc, SHAPE.diamond]);
    // a prediction's marker grows with its error
    expect(s.size[5]).toBeGreaterThan(s.size[4]);
    expect(s.size[4]).toBeGreaterThan(s.size[3]);
    expect(s.bounds).toEqual({ x0: 0, y0: 1, x1: 18, y1: 19 });
  });

  it('colours predictions by their error, and everything by topic with a key', () => {
    const byError = buildScene(points, embedding, dataset, 'error');
    expect(rgbAt(byError.rgba, 5)).toEqual(errorColour(0.9));
    expect(rgbAt(byError.rgba, 3)).not.toEqual(rgbAt(byError.rgba, 5));
    const byTopic = buildScene(points, embedding, dataset, 'topic');
    expect(byTopic.topics.map((t) => t.name)).toEqual(['art', 'sport']);
    const art = rgbOf(byTopic.topics[0].colour);
    expect(rgbAt(byTopic.rgba, 2)).toEqual(art); // target 2 is bank row 2, article 1
    expect(rgbAt(byTopic.rgba, 5)).toEqual(art); // its prediction
  });

  it('draws lines to targets for the chosen windows only, and only shown points', () => {
    const s = buildScene(points, embedding, dataset, 'model');
    // AMN's prediction of window 1 is point 4 at (8, 9); its target is point 1 at (2, 3)
    expect(sceneLines(s, points, embedding, new Set([1])).map((l) => [l.key, [...l.xy]])).toEqual([
      ['amn', [8, 9, 2, 3]],
      ['gru', [14, 15, 2, 3]],
    ]);
    const shown = Uint8Array.from([1, 1, 1, 0, 1, 1, 0, 0, 0, 1]);
    const some = buildScene(points, embedding, dataset, 'model', shown);
    expect(some.groups.map((g) => g.name)).toEqual(['targets', 'AMN', 'contexts']);
    expect([...some.ids]).toEqual([0, 1, 2, 4, 5, 9]);
    expect(sceneLines(some, points, embedding).map((l) => [l.key, l.xy.length / 4])).toEqual([
      ['amn', 2],
    ]);
  });

  it('leaves a hidden group out of what can be hovered and selected', () => {
    const s = buildScene(points, embedding, dataset, 'model');
    expect([...visibleVertices(s, new Set(['amn', 'contexts']))]).toEqual([0, 1, 2, 6, 7, 8]);
  });
});
