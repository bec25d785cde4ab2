import type { StateCreator } from 'zustand';
import type { BackendAvailability, ModelInfo } from '../../engine/types';
import type { UiSlice } from './ui';

export interface ModelsSlice {
  models: ModelInfo[];
  /** model ids still loading */
  loadingModels: string[];
  /** true until every shipped model has loaded or failed (selected ids may still arrive) */
  shippedPending: boolean;
  /** download progress (0..1) of models being fetched, by id */
  modelProgress: Record<string, number>;
  modelError: string | null;
  /** what the browser offers (probed once by the engine), null until known */
  backendAvailability: BackendAvailability | null;
  addModel: (info: ModelInfo) => void;
  updateModel: (id: string, patch: Partial<ModelInfo>) => void;
  removeModelInfo: (id: string) => void;
  setModelLoading: (id: string, loading: boolean) => void;
  setShippedPending: (pending: boolean) => void;
  setModelProgress: (id: string, fraction: number | null) => void;
  setModelError: (message: string | null) => void;
  setBackendAvailability: (availability: BackendAvailability) => void;
}

/**
 * Whether a newly loaded model joins the selection: unless the URL named the models, or it reads
 * another context length than the models already selected (a run has one K, so it would only be
 * greyed out there: the K = 32 model stays a chip to pick, shown with its K).
 */
export function autoSelects(
  s: Pick<ModelsSlice & UiSlice, 'models' | 'selectedModels' | 'urlModels'>,
  info: ModelInfo,
): boolean {
  if (s.selectedModels.includes(info.id)) return false;
  if (s.urlModels) return s.urlModels.includes(info.id);
  const selectedK = s.models.find((m) => s.selectedModels.includes(m.id) && m.signature?.k)
    ?.signature.k;
  return !info.signature?.k || selectedK === undefined || info.signature.k === selectedK;
}

/** The models slice; adding or removing a model also updates the selection, which the UI slice holds. */
export const createModelsSlice: StateCreator<
  ModelsSlice & Pick<UiSlice, 'selectedModels' | 'urlModels'>,
  [],
  [],
  ModelsSlice
> = (set) => ({
  models: [],
  loadingModels: [],
  shippedPending: true,
  modelProgress: {},
  modelError: null,
  backendAvailability: null,
  addModel: (info) =>
    set((s) => ({
      models: [...s.models.filter((m) => m.id !== info.id), info],
      selectedModels: autoSelects(s, info) ? [...s.selectedModels, info.id] : s.selectedModels,
    })),
  updateModel: (id, patch) =>
    set((s) => ({ models: s.models.map((m) => (m.id === id ? { ...m, ...patch } : m)) })),
  removeModelInfo: (id) =>
    set((s) => ({
      models: s.models.filter((m) => m.id !== id),
      selectedModels: s.selectedModels.filter((m) => m !== id),
    })),
  setModelLoading: (id, loading) =>
    set((s) => ({
      loadingModels: loading
        ? [...new Set([...s.loadingModels, id])]
        : s.loadingModels.filter((m) => m !== id),
    })),
  setShippedPending: (shippedPending) => set({ shippedPending }),
  setModelProgress: (id, fraction) =>
    set((s) => {
      const modelProgress = { ...s.modelProgress };
      if (fraction === null) delete modelProgress[id];
      else modelProgress[id] = fraction;
      return { modelProgress };
    }),
  setModelError: (modelError) => set({ modelError }),
  setBackendAvailability: (backendAvailability) => set({ backendAvailability }),
});
