/**
 * At start: the workspace kept in the browser (jobs/persist) loaded again, with progress, and the
 * selection it had; afterwards the selection is kept as it changes. A kept item that no longer
 * loads is said in words and skipped: the rest is restored and the app starts.
 */
import type { Selection, StoredEntry } from '../../jobs/persist/blobStore';
import { keptFiles, readKept, saveSelection } from '../../jobs/persist/workspacePersist';
import { useAppStore } from '../../store';
import { loadAs } from './loaders';

/** Datasets before the bundles computed on them; the checkpoint set last (it evaluates on the dataset). */
const ORDER: StoredEntry['kind'][] = ['data', 'model', 'bundle', 'checkpoints'];

/**
 * Loads every kept entry; returns the kept selection with its ids carried over to today's loads,
 * or null when there is none or nothing kept was restored.
 */
export async function restoreKept(): Promise<Selection | null> {
  const index = await readKept();
  const entries = [...index.entries].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const store = useAppStore.getState();
  const renamed = new Map<string, string>();
  for (const [i, entry] of entries.entries()) {
    store.setRestoring({ done: i, total: entries.length, label: entry.name });
    try {
      const ids = await loadAs(entry.kind, await keptFiles(entry), entry.options);
      entry.ids.forEach((old, j) => ids[j] !== undefined && renamed.set(old, ids[j]));
    } catch (e) {
      store.addStorageMessage(
        `Kept ${entry.name} could not be restored: ${(e as Error).message}. Everything else was restored; forget it to stop this message.`,
      );
    }
  }
  store.setRestoring(null);
  // a selection of shipped models alone is not a workspace: the app's own default stays
  if (!index.selection || !renamed.size) return null;
  const id = (x: string) => renamed.get(x) ?? x;
  return { datasetId: id(index.selection.datasetId), models: index.selection.models.map(id) };
}

/**
 * Selects a kept selection: its dataset, and its models as a URL names them (those loaded now are
 * selected, shipped ones still loading join when they load, no other model does).
 */
export function applySelection(sel: Selection): void {
  const s = useAppStore.getState();
  if (s.datasets.some((d) => d.id === sel.datasetId)) s.setDatasetId(sel.datasetId);
  const loaded = new Set(s.models.map((m) => m.id));
  useAppStore.setState({
    selectedModels: sel.models.filter((m) => loaded.has(m)),
    urlModels: sel.models,
  });
}

/** Keeps the selection whenever it changes; returns the function that stops it. */
export function keepSelection(): () => void {
  let last = '';
  const save = () => {
    const { datasetId, selectedModels } = useAppStore.getState();
    const now = JSON.stringify([datasetId, selectedModels]);
    if (now === last) return;
    last = now;
    void saveSelection({ datasetId, models: selectedModels });
  };
  save();
  return useAppStore.subscribe(save);
}
