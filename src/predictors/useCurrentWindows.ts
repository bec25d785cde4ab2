import { useMemo } from 'react';
import type { Dataset, WindowSet } from '../data/types';
import type { ModelInfo } from '../engine/types';
import { useAppStore } from '../store';
import { selectedModelInfos, selectedModelsKey, useCurrentDataset } from '../store/selectors';
import { windowsFor } from './evaluation';
import { contextLength } from './compatibility';
import { windowArticles } from './predictWindow';

export interface CurrentWindows {
  dataset: Dataset | undefined;
  /** selected models, in column order */
  selected: ModelInfo[];
  /** changes only when the selection or a model's load changes (not on backend/notice patches) */
  selectedKey: string;
  k: number;
  windows: WindowSet | null;
  /** why windows could not be cut (e.g. articles shorter than K) */
  error: string | null;
  /** article id of each window, or null without article ids */
  articleOf: Int32Array | null;
}

/** The current dataset, the selected models and the windows cut for their K (Predict, Attention). */
export function useCurrentWindows(): CurrentWindows {
  const dataset = useCurrentDataset();
  const selectedKey = useAppStore(selectedModelsKey);
  const selected = useMemo(
    () => (selectedKey ? selectedModelInfos(useAppStore.getState()) : []),
    [selectedKey],
  );
  const k = contextLength(selected, dataset);
  const cut = useMemo(() => {
    if (!dataset) return { windows: null, error: null };
    try {
      return { windows: windowsFor(dataset, k), error: null };
    } catch (e) {
      return { windows: null, error: (e as Error).message };
    }
  }, [dataset, k]);
  const { windows, error } = cut;
  const articleOf = useMemo(
    () => (dataset && windows ? windowArticles(dataset, windows) : null),
    [dataset, windows],
  );
  return { dataset, selected, selectedKey, k, windows, error, articleOf };
}
