import { create } from 'zustand';
import { createDataSlice, type DataSlice } from './slices/data';
import { createModelsSlice, type ModelsSlice } from './slices/models';
import { createUiSlice, type UiSlice } from './slices/ui';
import { createStorageSlice, type StorageSlice } from './slices/storage';

export type AppState = UiSlice & ModelsSlice & DataSlice & StorageSlice;

/** The app store: ids, statuses and small results only. Sessions and arrays stay out of it. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createUiSlice(...a),
  ...createModelsSlice(...a),
  ...createDataSlice(...a),
  ...createStorageSlice(...a),
}));

/** Snapshot of the initial state, so tests can reset the store between cases. */
export const initialAppState = useAppStore.getState();
export function resetAppStore(): void {
  useAppStore.setState(initialAppState, true);
}
