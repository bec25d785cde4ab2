import { useMemo } from 'react';
import { getDataset } from './datasets';
import type { Dataset } from '../data/types';
import type { ModelInfo } from '../engine/types';
import { modelsKey } from './keys';
import { useAppStore, type AppState } from './index';

/** The selected models' infos, in selection order. */
export function selectedModelInfos(s: Pick<AppState, 'models' | 'selectedModels'>): ModelInfo[] {
  return s.selectedModels.flatMap((id) => s.models.filter((m) => m.id === id));
}

/**
 * A value that changes only when the selection or a model's load changes. The engine patches
 * model info (backend, notice) after every call; views that re-run predictions on a change key
 * on this rather than on the infos, or each patch would re-run them in a loop.
 */
export function selectedModelsKey(s: Pick<AppState, 'models' | 'selectedModels'>): string {
  return modelsKey(selectedModelInfos(s));
}

/**
 * Model ids a run started now would leave out, so runs wait for them: selected ones loading now or
 * named before the shipped models have all arrived, and, while the selection is automatic (no
 * models in the URL), every model still loading, since each joins the selection as it arrives.
 */
export function pendingModels(
  s: Pick<AppState, 'models' | 'selectedModels' | 'loadingModels' | 'shippedPending' | 'urlModels'>,
): string[] {
  const loaded = (id: string) => s.models.some((m) => m.id === id);
  const named = s.selectedModels.filter(
    (id) => s.loadingModels.includes(id) || (s.shippedPending && !loaded(id)),
  );
  if (!s.shippedPending || s.urlModels) return named;
  return [...new Set([...named, ...s.loadingModels.filter((id) => !loaded(id))])];
}

/** The selected models' infos, in selection order, as a hook (a new array only when they change). */
export function useSelectedModels(): ModelInfo[] {
  const models = useAppStore((s) => s.models);
  const selectedModels = useAppStore((s) => s.selectedModels);
  return useMemo(() => selectedModelInfos({ models, selectedModels }), [models, selectedModels]);
}

/** The current dataset, or undefined while it is not (yet) loaded. */
export function useCurrentDataset(): Dataset | undefined {
  const datasetId = useAppStore((s) => s.datasetId);
  // `datasets` changes when a dataset is (re)loaded; the arrays live in the registry.
  const datasets = useAppStore((s) => s.datasets);
  return useMemo(
    () => (datasets.some((d) => d.id === datasetId) ? getDataset(datasetId) : undefined),
    [datasets, datasetId],
  );
}
