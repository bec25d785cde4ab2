/** One line saying what a dataset's retrieval bank is and what each window excludes from it. */
import type { Dataset } from '../data/types';

const EXCLUSION = "each window's own context vectors excluded by value";

/**
 * e.g. "Bank: 6,909 sentence vectors of the stream; each window's own context vectors excluded by
 * value" (docs/metrics.md, "bank" and "excluded").
 */
export function describeBank(dataset: Dataset): string {
  const { count, half } = dataset.bank;
  // a float16 bank is always the file's own, and reading its `vectors` would widen it whole
  const vectors = half ? undefined : dataset.bank.vectors;
  const n = count.toLocaleString('en-US');
  const plural = (one: string, many: string) => (count === 1 ? one : many);
  let what: string;
  if (vectors && dataset.stream && vectors === dataset.stream.vectors)
    what = `${n} sentence ${plural('vector', 'vectors')} of the stream`;
  else if (vectors && dataset.windows && vectors === dataset.windows.targets)
    what = `${n} window ${plural('target', 'targets')} (the file has no separate bank)`;
  else what = `${n} ${plural('vector', 'vectors')} of the file's bank`;
  return `Bank: ${what}; ${EXCLUSION}`;
}
