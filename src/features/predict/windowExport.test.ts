import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import { cutWindows } from '../../data/windows';
import type { ColumnResult } from '../../predictors/predictWindow';
import { windowJson } from './windowExport';

const vectors = Float32Array.from({ length: 4 * 2 }, (_, j) => j);
const dataset: Dataset = {
  id: 'w',
  name: 'Demo · val',
  origin: 'shipped demo',
  dim: 2,
  stream: { vectors, count: 4, articleIds: Int32Array.from([5, 5, 5, 5]) },
  bank: { vectors, count: 4, texts: ['A.', 'B.', '<b>C</b>, "c".', 'D.'] },
  articles: [{ id: 5, title: 'Letters', topic: 'x' }],
};
const w = cutWindows(dataset, 2);
const columns: ColumnResult[] = [
  {
    id: 'amn',
    name: 'AMN',
    kind: 'model',
    cosine: 0.5,
    rank: 2,
    neighbours: [
      { index: 3, score: 0.75, isTarget: false },
      { index: 2, score: 0.5, isTarget: true },
    ],
    wallMs: 1.5,
    backend: 'wasm',
  },
  {
    id: 'gru',
    name: 'GRU',
    kind: 'model',
    cosine: NaN,
    rank: NaN,
    neighbours: [],
    wallMs: NaN,
    backend: '',
    error: 'session lost',
  },
];

describe('window export', () => {
  it('holds the context, target, article, bank and each predictor with its neighbours', async () => {
    const file = windowJson(dataset, w, 0, columns, 5);
    expect(file.name).toBe('val_window_0.json');
    const json = JSON.parse(await file.blob.text());
    expect(json).toMatchObject({
      dataset: 'Demo · val',
      window: 0,
      k: 2,
      article: { id: 5, title: 'Letters' },
      context: [
        { id: 0, text: 'A.' },
        { id: 1, text: 'B.' },
      ],
      target: { id: 2, text: '<b>C</b>, "c".' },
    });
    expect(json.bank).toMatch(/^Bank: 4 sentence vectors of the stream/);
    expect(json.predictors[0]).toEqual({
      id: 'amn',
      name: 'AMN',
      kind: 'model',
      cosine: 0.5,
      rank: 2,
      backend: 'wasm',
      latency_ms: 1.5,
      top10: [
        { id: 3, text: 'D.', score: 0.75, is_target: false },
        { id: 2, text: '<b>C</b>, "c".', score: 0.5, is_target: true },
      ],
    });
    expect(json.predictors[1]).toEqual({
      id: 'gru',
      name: 'GRU',
      kind: 'model',
      error: 'session lost',
    });
  });
});
