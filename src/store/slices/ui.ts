import type { StateCreator } from 'zustand';

export const VIEWS = [
  'predict',
  'compare',
  'analysis',
  'map',
  'attention',
  'checkpoints',
  'write',
  'models',
  'data',
  'bench',
] as const;
export type View = (typeof VIEWS)[number];

export interface UiSlice {
  view: View;
  /** dataset split shown: a dataset id ("demo-val", "demo-ood", or a user dataset id) */
  datasetId: string;
  /** model ids selected for Predict / Compare, in column order */
  selectedModels: string[];
  /** window index within the current dataset's windows */
  windowIndex: number;
  /** models named by the URL at start; others load unselected */
  urlModels: string[] | null;
  /** windows picked by box/lasso on the Map, for Compare to focus on */
  mapSelection: number[];
  /** the Write view's text (kept when the user switches views) */
  writeText: string;
  setView: (view: View) => void;
  setDatasetId: (id: string) => void;
  setSelectedModels: (ids: string[]) => void;
  setWindowIndex: (index: number) => void;
  setMapSelection: (windows: number[]) => void;
  setWriteText: (text: string) => void;
}

export const createUiSlice: StateCreator<UiSlice> = (set) => ({
  view: 'predict',
  datasetId: 'demo-ood',
  selectedModels: [],
  windowIndex: 0,
  urlModels: null,
  mapSelection: [],
  writeText: '',
  setView: (view) => set({ view }),
  setDatasetId: (datasetId) => set({ datasetId, windowIndex: 0, mapSelection: [] }),
  setSelectedModels: (selectedModels) => set({ selectedModels }),
  setWindowIndex: (windowIndex) => set({ windowIndex: Math.max(0, windowIndex) }),
  setMapSelection: (mapSelection) => set({ mapSelection }),
  setWriteText: (writeText) => set({ writeText }),
});
