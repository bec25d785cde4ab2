/** What the map's hover says about a point, as plain text. */
import type { Dataset } from '../../data/types';
import { KIND, type MapPoints } from './mapData';

/** What a hover label says about point i, as plain text: a heading, the sentence, where it is from. */
export interface PointLabel {
  /** "GRU prediction · cos 0.812", "target", "context", "bank" */
  head: string;
  /** the target's sentence (wrapped with newlines), or "vector #row" */
  text: string;
  /** the article's title and window, e.g. "Some article · window 12" */
  where: string;
}

/** The parts of point i's label; text, never markup (the map's tooltip renders it as text). */
export function pointLabel(points: MapPoints, dataset: Dataset, i: number): PointLabel {
  const w = points.window[i];
  const row = points.kind[i] === KIND.prediction ? -1 : points.row[i];
  const targetRow = w >= 0 ? points.row[w] : row;
  const text = (targetRow >= 0 && dataset.bank.texts?.[targetRow]) || `vector #${targetRow}`;
  const article = articleOf(dataset, targetRow);
  const head =
    points.kind[i] === KIND.prediction
      ? `${points.predictors[points.predictor[i]].name} prediction · cos ${points.cosine[i].toFixed(3)}`
      : points.kind[i] === KIND.target
        ? 'target'
        : points.kind[i] === KIND.context
          ? 'context'
          : 'bank';
  const where = [article?.title ?? '', w >= 0 ? `window ${w}` : ''].filter(Boolean).join(' · ');
  return { head, text: (points.kind[i] === KIND.prediction ? 'target: ' : '') + wrap(text), where };
}

function articleOf(dataset: Dataset, row: number) {
  const ids = dataset.stream?.articleIds;
  if (!ids || row < 0) return undefined;
  const id = ids[row];
  return dataset.articles?.find((a) => a.id === id);
}

function wrap(text: string, width = 70): string {
  const short = text.length > 280 ? `${text.slice(0, 277)}…` : text;
  return short.replace(new RegExp(`(.{1,${width}})(\\s|$)`, 'g'), '$1\n').trim();
}
