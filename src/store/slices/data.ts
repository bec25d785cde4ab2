import type { StateCreator } from 'zustand';

/** What the UI shows about a dataset; the arrays themselves live in store/datasets.ts. */
export interface DatasetSummary {
  id: string;
  name: string;
  origin: string;
  dim: number;
  vectors: number;
  /** windows for context length `k` (the dataset's own K, or the demo's), null when no K applies */
  windows: number | null;
  k?: number | null;
  articles: number | null;
  hasTexts: boolean;
  /** what the load dropped or ignored, shown in the Data view */
  warnings?: string[];
}

export interface DataSlice {
  datasets: DatasetSummary[];
  dataError: string | null;
  /** progress of the file being parsed, 0..1, or null when idle */
  dataProgress: number | null;
  addDataset: (summary: DatasetSummary) => void;
  removeDataset: (id: string) => void;
  setDataError: (message: string | null) => void;
  setDataProgress: (progress: number | null) => void;
}

export const createDataSlice: StateCreator<DataSlice> = (set) => ({
  datasets: [],
  dataError: null,
  dataProgress: null,
  addDataset: (summary) =>
    set((s) => ({ datasets: [...s.datasets.filter((d) => d.id !== summary.id), summary] })),
  removeDataset: (id) => set((s) => ({ datasets: s.datasets.filter((d) => d.id !== id) })),
  setDataError: (dataError) => set({ dataError }),
  setDataProgress: (dataProgress) => set({ dataProgress }),
});
