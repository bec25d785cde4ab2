/**
 * Compare's file exports: each predictor's predictions as .npy, and every window's results for all
 * predictors together as CSV or JSON. Pure: each returns a file name and a Blob.
 */
import type { Dataset, WindowSet } from '../../data/types';
import { exportName, toCsv, toJson, toNpy } from '../../data/export';
import { describeBank } from '../../metrics/bankDescription';
import type { EvalEntry } from '../../metrics/evaluate';
import { windowArticles } from '../../predictors/predictWindow';

/** One window's row: flat keys, neighbour lists as arrays (joined with spaces in the CSV). */
export type PerWindowRecord = Record<string, string | number | number[]>;

export interface ExportFile {
  name: string;
  blob: Blob;
}

/**
 * 0-based position of each window's target in its article (0 = the article's first sentence), or
 * null when the dataset has no article ids. Counted in the file's rows, so dropped rows still count.
 */
export function targetPositions(dataset: Dataset, w: WindowSet): Int32Array | null {
  const stream = dataset.stream;
  if (!stream?.articleIds) return null;
  const ids = stream.articleIds;
  const fileRow = (r: number) => (stream.sourceRows ? stream.sourceRows[r] : r);
  // first stream row of each row's article
  const first = new Int32Array(stream.count);
  for (let r = 1; r < stream.count; r++) first[r] = ids[r] === ids[r - 1] ? first[r - 1] : r;
  return Int32Array.from(w.targetIndex, (t) => (t >= 0 ? fileRow(t) - fileRow(first[t]) : -1));
}

/**
 * One record per window of `windows` (default: all), in that order: window index, article id,
 * title and target position (when the dataset has articles), the target's bank id (-1: not in the
 * bank; the top-10 ids are bank ids too), then per predictor (full-split
 * entries) `<id>_cosine`, `_rank`, `_hit1`, `_hit5`, `_hit10` (0/1), `_top10_ids`, `_top10_scores`.
 */
export function perWindowRecords(
  dataset: Dataset,
  w: WindowSet,
  entries: EvalEntry[],
  windows?: number[],
): PerWindowRecord[] {
  const articles = windowArticles(dataset, w);
  const positions = targetPositions(dataset, w);
  const titles = new Map(dataset.articles?.map((a) => [a.id, a.title]));
  const rows = windows ?? Array.from({ length: w.n }, (_, i) => i);
  return rows.map((i) => {
    const rec: PerWindowRecord = { window: i };
    if (articles && positions) {
      rec.article_id = articles[i];
      rec.article_title = titles.get(articles[i]) ?? '';
      rec.target_position = positions[i];
    }
    rec.target_id = w.targetIndex[i];
    for (const e of entries) {
      const rank = e.ranks[i];
      rec[`${e.id}_cosine`] = e.cosines[i];
      rec[`${e.id}_rank`] = rank;
      for (const k of [1, 5, 10]) rec[`${e.id}_hit${k}`] = rank <= k ? 1 : 0;
      const { k } = e.top;
      if (k > 0) {
        rec[`${e.id}_top${k}_ids`] = Array.from(e.top.ids.subarray(i * k, (i + 1) * k));
        rec[`${e.id}_top${k}_scores`] = Array.from(e.top.scores.subarray(i * k, (i + 1) * k));
      }
    }
    return rec;
  });
}

const perWindowName = (dataset: Dataset, selection: boolean, ext: string) =>
  exportName('', dataset.name, selection ? 'per_window_selection' : 'per_window', ext);

/** The per-window records as CSV; neighbour lists become space-separated cells ("12 55 7"). */
export function perWindowCsv(
  dataset: Dataset,
  records: PerWindowRecord[],
  selection: boolean,
): ExportFile {
  const flat = records.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([key, v]) => [key, Array.isArray(v) ? v.join(' ') : v]),
    ),
  );
  return { name: perWindowName(dataset, selection, 'csv'), blob: toCsv(flat) };
}

/** The per-window records as JSON, with what they were computed on. */
export function perWindowJson(
  dataset: Dataset,
  w: WindowSet,
  entries: EvalEntry[],
  records: PerWindowRecord[],
  selection: boolean,
): ExportFile {
  const value = {
    dataset: dataset.name,
    k: w.k,
    windows_in_split: w.n,
    bank: describeBank(dataset),
    predictors: entries.map((e) => ({ id: e.id, name: e.name, kind: e.kind, backend: e.backend })),
    windows: records,
  };
  // compact: pretty-printing would put every neighbour id on a line of its own
  return { name: perWindowName(dataset, selection, 'json'), blob: toJson(value, 0) };
}

/** One predictor's predictions on the whole split, [n, d] float32, row i = window i. */
export function predictionsNpy(dataset: Dataset, entry: EvalEntry): ExportFile {
  const n = entry.cosines.length;
  return {
    name: exportName(entry.id, dataset.name, 'predictions', 'npy'),
    blob: toNpy(entry.prediction, [n, n ? entry.prediction.length / n : dataset.dim]),
  };
}
