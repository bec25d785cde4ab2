/** Which slice keys apply to a dataset's windows, and each window's slice under each of them. */
import type { Dataset, WindowSet } from '../../data/types';
import { streamRuns } from '../../data/windows';
import { cosineRows } from '../../metrics/cosine';
import {
  categorySlices,
  contextCoherence,
  contextMeans,
  formatIntRange,
  positionSlices,
  quantileSlices,
  sliceRows,
  type Slicing,
} from '../../metrics/slices';

export type SliceKey = 'position' | 'topic' | 'coherence' | 'novelty' | 'length';

/** One slice key on one window set: its groups, or why the key does not apply. */
export interface SliceSet {
  key: SliceKey;
  title: string;
  slicing: Slicing | null;
  /** window indices of each group */
  rows: number[][];
  unavailable?: string;
}

/** Quantile bins used for the continuous keys (coherence, novelty) and article length. */
export const QUANTILES = 5;

const TITLES: Record<SliceKey, string> = {
  position: 'Position of the target in its article (sentence number)',
  topic: 'Article topic',
  coherence: 'Context coherence (mean pairwise cosine of the K context vectors, quintiles)',
  novelty: 'Target novelty (cosine of the target to the context mean, quintiles)',
  length: 'Article length (sentences, quintiles)',
};

/** Per window: the target's 1-based sentence number in its article, its article id and length. */
export function articleFacts(
  stream: NonNullable<Dataset['stream']>,
  k: number,
): { position: Int32Array; article: Int32Array; length: Int32Array } | null {
  const ids = stream.articleIds;
  if (!ids) return null;
  // An article is a maximal run of equal ids; its start row and length.
  const start = new Int32Array(stream.count);
  const length = new Int32Array(stream.count);
  for (let a = 0; a < stream.count;) {
    let b = a + 1;
    while (b < stream.count && ids[b] === ids[a]) b++;
    start.fill(a, a, b);
    length.fill(b - a, a, b);
    a = b;
  }
  // The target rows in the order windows are cut (data/windows.ts).
  const targets: number[] = [];
  for (const [a, b] of streamRuns(stream)) for (let t = a + k; t < b; t++) targets.push(t);
  return {
    position: Int32Array.from(targets, (t) => t - start[t] + 1),
    article: Int32Array.from(targets, (t) => ids[t]),
    length: Int32Array.from(targets, (t) => length[t]),
  };
}

function set(key: SliceKey, slicing: Slicing | null, unavailable?: string): SliceSet {
  return { key, title: TITLES[key], slicing, rows: slicing ? sliceRows(slicing) : [], unavailable };
}

/** Every slice key for `windows` of `dataset`, in display order. */
export function sliceSets(dataset: Dataset, windows: WindowSet): SliceSet[] {
  const { n, k, dim } = windows;
  const facts = dataset.stream ? articleFacts(dataset.stream, k) : null;
  const noArticles = dataset.stream
    ? 'The stream has no article ids, so every window sits in one long "article".'
    : 'A windows file carries no article ids.';
  const topics = new Map((dataset.articles ?? []).map((a) => [a.id, a.topic]));
  const means = contextMeans(windows.contexts, n, k, dim);
  const novelty = cosineRows(windows.targets, means, n, dim);
  return [
    facts ? set('position', positionSlices(facts.position, k)) : set('position', null, noArticles),
    !facts
      ? set('topic', null, noArticles)
      : topics.size === 0
        ? set('topic', null, 'The dataset lists no articles with topics.')
        : set('topic', categorySlices(Array.from(facts.article, (a) => topics.get(a) ?? '(none)'))),
    k < 2
      ? set('coherence', null, 'K = 1: a single context vector has no pairs.')
      : set('coherence', quantileSlices(contextCoherence(windows.contexts, n, k, dim), QUANTILES)),
    set('novelty', quantileSlices(novelty, QUANTILES)),
    facts
      ? set('length', quantileSlices(facts.length, QUANTILES, formatIntRange))
      : set('length', null, noArticles),
  ];
}
