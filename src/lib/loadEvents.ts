/**
 * "These files were just loaded as this": told by each loader once a load succeeds, heard by the
 * workspace persistence (jobs/persist). The loaders sit in lower layers than whoever keeps the
 * files, so they announce rather than call up.
 */

/** What a set of files became: a dataset, a user model, the Checkpoints view's set, a results bundle. */
export type LoadedKind = 'data' | 'model' | 'checkpoints' | 'bundle';

export interface LoadedFiles {
  kind: LoadedKind;
  files: File[];
  /** the dataset or model ids the files were loaded as */
  ids: string[];
  /** how they were loaded (e.g. a dataset's key mapping), to load them the same way again */
  options?: Record<string, unknown>;
}

type Listener = (e: LoadedFiles) => void;
const listeners = new Set<Listener>();

/** Tell every listener; one that throws does not stop the others or the load. */
export function noteLoaded(e: LoadedFiles): void {
  for (const l of listeners) {
    try {
      l(e);
    } catch (err) {
      console.error('a load listener failed', err);
    }
  }
}

/** Listen to successful loads; returns the function that stops listening. */
export function onLoaded(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
