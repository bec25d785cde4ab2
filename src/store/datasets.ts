/** Loaded datasets by id. The arrays live here; the store only gets a DatasetSummary. */
import { useAppStore } from '.';
import type { DatasetSummary } from './slices/data';
import type { Dataset } from '../data/types';
import { clearWindowCache, countWindows } from '../data/windows';

const datasets = new Map<string, Dataset>();
/** the K each dataset's summary counts windows for (demo: its k; window files: their own K) */
const defaultK = new Map<string, number>();

/** What the UI lists about a dataset. */
export function summarize(ds: Dataset, k?: number): DatasetSummary {
  const kk = k ?? ds.windows?.k ?? null;
  const articleIds = ds.stream?.articleIds;
  return {
    id: ds.id,
    name: ds.name,
    origin: ds.origin,
    dim: ds.dim,
    vectors: ds.stream?.count ?? ds.bank.count,
    windows: kk === null ? null : countWindows(ds, kk),
    k: kk,
    articles: ds.articles?.length ?? (articleIds ? new Set(articleIds).size : null),
    hasTexts: !!(ds.stream?.texts ?? ds.bank.texts),
    ...(ds.warnings?.length ? { warnings: ds.warnings } : {}),
  };
}

/** Keep a dataset and list it in the store (replacing one with the same id). */
export function registerDataset(ds: Dataset, opts: { k?: number } = {}): void {
  datasets.set(ds.id, ds);
  if (opts.k !== undefined) defaultK.set(ds.id, opts.k);
  clearWindowCache(ds.id);
  useAppStore.getState().addDataset(summarize(ds, defaultK.get(ds.id)));
}

export function getDataset(id: string): Dataset | undefined {
  return datasets.get(id);
}

export function removeDataset(id: string): void {
  datasets.delete(id);
  defaultK.delete(id);
  clearWindowCache(id);
  useAppStore.getState().removeDataset(id);
}
