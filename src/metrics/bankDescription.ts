/** One line saying what a dataset's retrieval bank is and what each window excludes from it. */
import type { Dataset } from '../data/types';

const EXCLUSION = "each window's own context vectors excluded by value";

/**
 * e.g. "Bank: 6,909 sentence vectors of the stream; each window's own context vectors excluded by
 * value" (docs/metrics.md, "bank" and "excluded").
 */
export function describeBank(dataset: Dataset): string {
  const { vectors, count } = dataset.bank;
  const n = count.toLocaleString('en-US');
  const plural = (one: string, many: string) => (count === 1 ? one : many);
  let what: string;
  if (dataset.stream && vectors === dataset.stream.vectors)
    what = `${n} sentence ${plural('vector', 'vectors')} of the stream`;
  else if (dataset.windows && vectors === dataset.windows.targets)
    what = `${n} window ${plural('target', 'targets')} (the file has no separate bank)`;
  else what = `${n} ${plural('vector', 'vectors')} of the file's bank`;
  return `Bank: ${what}; ${EXCLUSION}`;
}
