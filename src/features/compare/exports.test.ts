import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import { parseNpy } from '../../data/npy';
import { cutWindows } from '../../data/windows';
import type { EvalEntry } from '../../metrics/evaluate';
import { summarize } from '../../metrics/hits';
import {
  perWindowCsv,
  perWindowJson,
  perWindowRecords,
  predictionsNpy,
  targetPositions,
} from './exports';

// 7 stream rows in two articles; the file's row 2 was dropped, so article 7 is cut in two runs.
// With K = 1 the windows' targets are rows 1, 3, 5, 6 (file rows 1, 4, 6, 7).
const D = 2;
const vectors = Float32Array.from({ length: 7 * D }, (_, j) => (j % 3) - 1);
const dataset: Dataset = {
  id: 'tiny',
  name: 'Tiny set',
  origin: 'tiny.npz',
  dim: D,
  stream: {
    vectors,
    count: 7,
    articleIds: Int32Array.from([7, 7, 7, 7, 9, 9, 9]),
    sourceRows: Int32Array.from([0, 1, 3, 4, 5, 6, 7]),
  },
  bank: { vectors, count: 7 },
  articles: [
    { id: 7, title: 'Paris, "the" city', topic: 'places' },
    { id: 9, title: 'Rome', topic: 'places' },
  ],
};
const w = cutWindows(dataset, 1);

/** An entry whose window i has rank ranks[i] and neighbours 10i, 10i+1, ..., 10i+9. */
function entry(id: string, ranks: number[]): EvalEntry {
  const n = ranks.length;
  const cosines = Float32Array.from(ranks, (r) => 1 / r);
  return {
    id,
    name: id.toUpperCase(),
    kind: 'model',
    prediction: Float32Array.from({ length: n * D }, (_, j) => j / 8),
    cosines,
    ranks: Int32Array.from(ranks),
    top: {
      ids: Int32Array.from({ length: n * 10 }, (_, j) => j),
      scores: Float32Array.from({ length: n * 10 }, (_, j) => 1 - j / 64),
      k: 10,
    },
    summary: summarize(cosines, Int32Array.from(ranks)),
    backend: 'wasm',
    predictMs: 1,
    rankMs: 1,
  };
}
const entries = [entry('amn', [1, 4, 8, 20]), entry('gru', [2, 1, 16, 5])];

describe('per-window records', () => {
  it('places each target in its article, counting dropped file rows', () => {
    expect(Array.from(w.targetIndex)).toEqual([1, 3, 5, 6]);
    expect(Array.from(targetPositions(dataset, w)!)).toEqual([1, 4, 1, 2]);
  });

  it('lists article, position and every predictor per window, in the order asked', () => {
    const recs = perWindowRecords(dataset, w, entries, [1, 2]);
    expect(recs).toHaveLength(2);
    expect(recs[0]).toMatchObject({
      window: 1,
      article_id: 7,
      article_title: 'Paris, "the" city',
      target_position: 4,
      target_id: 3,
      amn_cosine: 0.25,
      amn_rank: 4,
      amn_hit1: 0,
      amn_hit5: 1,
      amn_hit10: 1,
      gru_rank: 1,
      gru_hit1: 1,
    });
    expect(recs[0].amn_top10_ids).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(recs[0].gru_top10_scores).toEqual(
      Array.from({ length: 10 }, (_, t) => 1 - (10 + t) / 64),
    );
    expect(recs[1]).toMatchObject({ window: 2, article_id: 9, target_position: 1 });
    expect(recs[1]).toMatchObject({ amn_hit5: 0, amn_hit10: 1, gru_hit10: 0 });
  });

  it('writes CSV with lists as space-separated cells and the title escaped', async () => {
    const recs = perWindowRecords(dataset, w, entries);
    const file = perWindowCsv(dataset, recs, false);
    expect(file.name).toBe('tiny_set_per_window.csv');
    const lines = (await file.blob.text()).split('\r\n');
    expect(lines[0].split(',').slice(0, 13)).toEqual([
      'window',
      'article_id',
      'article_title',
      'target_position',
      'target_id',
      'amn_cosine',
      'amn_rank',
      'amn_hit1',
      'amn_hit5',
      'amn_hit10',
      'amn_top10_ids',
      'amn_top10_scores',
      'gru_cosine',
    ]);
    expect(
      lines[2].startsWith('1,7,"Paris, ""the"" city",4,3,0.25,4,0,1,1,10 11 12 13 14 15'),
    ).toBe(true);
    expect(lines).toHaveLength(4 + 2); // header, 4 windows, and the final CRLF
  });

  it('writes an article title that looks like a formula as text, negative scores as numbers', async () => {
    const hostile: Dataset = {
      ...dataset,
      articles: [
        { id: 7, title: '=HYPERLINK("http://x")', topic: 'places' },
        { id: 9, title: '@SUM(A1)', topic: 'places' },
      ],
    };
    const neg = entry('amn', [1, 2, 3, 4]);
    neg.cosines = Float32Array.from([-0.5, 0.25, 0.5, 0.75]);
    neg.top.scores = neg.top.scores.map((x) => -x);
    const recs = perWindowRecords(hostile, w, [neg]);
    const lines = (await perWindowCsv(hostile, recs, false).blob.text()).split('\r\n');
    expect(lines[1]).toMatch(/^0,7,"'=HYPERLINK\(""http:\/\/x""\)",1,1,-0\.5,1,/);
    expect(lines[1]).toMatch(/,-1 -0\.98/);
    expect(lines[3]).toMatch(/^2,9,"'@SUM\(A1\)",/);
  });

  it('writes JSON with the neighbour lists as arrays and what they were computed on', async () => {
    const recs = perWindowRecords(dataset, w, entries);
    const file = perWindowJson(dataset, w, entries, recs, true);
    expect(file.name).toBe('tiny_set_per_window_selection.json');
    const json = JSON.parse(await file.blob.text());
    expect(json).toMatchObject({ dataset: 'Tiny set', k: 1, windows_in_split: 4 });
    expect(json.bank).toMatch(/^Bank: 7 sentence vectors of the stream/);
    expect(json.predictors.map((p: { id: string }) => p.id)).toEqual(['amn', 'gru']);
    expect(json.windows[3].gru_top10_ids).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    expect(json.windows[0].article_title).toBe('Paris, "the" city');
  });

  it('leaves out article columns when the dataset has no article ids', () => {
    const plain: Dataset = { ...dataset, id: 'plain', stream: { vectors, count: 7 } };
    const [rec] = perWindowRecords(plain, cutWindows(plain, 1), [entry('amn', [3])]);
    expect(Object.keys(rec).slice(0, 3)).toEqual(['window', 'target_id', 'amn_cosine']);
  });
});

describe('predictions export', () => {
  it('round-trips through parseNpy to the exact float32 values', async () => {
    const e = entry('amn', [1, 2, 3]);
    // values a text round trip would change: -0, a subnormal, 0.1 in float32, the largest float32
    e.prediction = Float32Array.from([-0, 1e-40, 0.1, 3.4028234663852886e38, -1.5, 2 / 3]);
    const file = predictionsNpy(dataset, e);
    expect(file.name).toBe('amn_tiny_set_predictions.npy');
    const back = parseNpy(await file.blob.arrayBuffer());
    expect(back.shape).toEqual([3, 2]);
    expect(back.data).toBeInstanceOf(Float32Array);
    expect(new Uint8Array((back.data as Float32Array).slice().buffer)).toEqual(
      new Uint8Array(e.prediction.buffer),
    );
  });
});
