/** The shipped demo, listed in the store: data/demo.ts fetches and builds, this registers. */
import { fetchDemoDatasets, type DemoOptions } from '../data/demo';
import type { Dataset } from '../data/types';
import { useAppStore } from '../store';
import { registerDataset } from '../store/datasets';

/** Fetch the shipped demo and register its splits, with progress in the store. Resolves to them. */
export async function loadDemoDatasets(opts: DemoOptions = {}): Promise<Dataset[]> {
  const store = useAppStore.getState();
  const loading = fetchDemoDatasets({
    ...opts,
    onProgress: (fraction, label) => {
      opts.onProgress?.(fraction, label);
      store.setDataProgress(fraction);
    },
  });
  const { datasets, k } = await loading.finally(() => store.setDataProgress(null));
  for (const ds of datasets) registerDataset(ds, { k });
  return datasets;
}
