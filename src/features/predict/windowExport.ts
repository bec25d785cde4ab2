/** Predict's export: the window on screen and every predictor's result on it, as JSON. */
import type { Dataset, WindowSet } from '../../data/types';
import { exportName, toJson } from '../../data/export';
import { describeBank } from '../../metrics/bankDescription';
import type { ColumnResult } from '../../predictors/predictWindow';

/** Text of bank entry `index`, or null (no texts, or no bank entry): data, never a placeholder. */
const textOf = (dataset: Dataset, index: number) =>
  index >= 0 ? (dataset.bank.texts?.[index] ?? null) : null;

/**
 * Window `index` as a plain object: its context and target (bank ids and texts), article, the bank,
 * then each predictor's cosine, rank, latency and top-10 neighbours (bank id, text, cosine).
 */
export function windowRecord(
  dataset: Dataset,
  w: WindowSet,
  index: number,
  columns: ColumnResult[],
  articleId: number | null,
) {
  const contextIds = Array.from(w.contextIndex.subarray(index * w.k, (index + 1) * w.k));
  const targetId = w.targetIndex[index];
  const article =
    articleId === null ? undefined : dataset.articles?.find((a) => a.id === articleId);
  return {
    dataset: dataset.name,
    window: index,
    k: w.k,
    article: articleId === null ? null : { id: articleId, title: article?.title ?? null },
    bank: describeBank(dataset),
    context: contextIds.map((id) => ({ id: id >= 0 ? id : null, text: textOf(dataset, id) })),
    target: { id: targetId >= 0 ? targetId : null, text: textOf(dataset, targetId) },
    predictors: columns.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      ...(c.error
        ? { error: c.error }
        : {
            cosine: c.cosine,
            rank: c.rank,
            backend: c.backend,
            latency_ms: c.wallMs,
            top10: c.neighbours.map((nb) => ({
              id: nb.index,
              text: textOf(dataset, nb.index),
              score: nb.score,
              is_target: nb.isTarget,
            })),
          }),
    })),
  };
}

/** The window's record as a JSON file named after the split and the window. */
export function windowJson(
  dataset: Dataset,
  w: WindowSet,
  index: number,
  columns: ColumnResult[],
  articleId: number | null,
): { name: string; blob: Blob } {
  return {
    name: exportName('', dataset.name, `window_${index}`, 'json'),
    blob: toJson(windowRecord(dataset, w, index, columns, articleId)),
  };
}
