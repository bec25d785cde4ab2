import type { StateCreator } from 'zustand';

/** One thing kept in the browser's storage, as the Data and Models views list it. */
export interface StoredItem {
  key: string;
  kind: 'data' | 'model' | 'checkpoints' | 'bundle';
  name: string;
  bytes: number;
  files: number;
}

/** Restoring the kept workspace at start: items done of total, and which one. */
export interface RestoreProgress {
  done: number;
  total: number;
  label: string;
}

export interface StorageSlice {
  stored: StoredItem[];
  /** bytes the kept files take, and what the browser allows this origin (null: unknown) */
  storageUsed: number | null;
  storageQuota: number | null;
  /** false when the browser gives no origin-private storage (e.g. a private window) */
  storageAvailable: boolean | null;
  restoring: RestoreProgress | null;
  /** problems said in words: a full quota, no storage, a kept file that no longer loads */
  storageMessages: string[];
  setStored: (stored: StoredItem[], used: number | null, quota: number | null) => void;
  setStorageAvailable: (available: boolean) => void;
  setRestoring: (restoring: RestoreProgress | null) => void;
  addStorageMessage: (message: string) => void;
  dismissStorageMessage: (message: string) => void;
}

export const createStorageSlice: StateCreator<StorageSlice> = (set) => ({
  stored: [],
  storageUsed: null,
  storageQuota: null,
  storageAvailable: null,
  restoring: null,
  storageMessages: [],
  setStored: (stored, storageUsed, storageQuota) => set({ stored, storageUsed, storageQuota }),
  setStorageAvailable: (storageAvailable) => set({ storageAvailable }),
  setRestoring: (restoring) => set({ restoring }),
  addStorageMessage: (m) =>
    set((s) => ({ storageMessages: [...s.storageMessages.filter((x) => x !== m), m] })),
  dismissStorageMessage: (m) =>
    set((s) => ({ storageMessages: s.storageMessages.filter((x) => x !== m) })),
});
