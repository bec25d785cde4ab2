import { loadShippedModels } from '../features/models/shipped';
import { loadDemoDatasets } from '../data/demo';
import { useAppStore } from '../store';

let booted: Promise<void> | null = null;

/**
 * Loads the shipped models and the demo dataset once (StrictMode runs the App's effect twice; a
 * second demo load would replace the datasets, and with them every result keyed on them).
 */
export function boot(): Promise<void> {
  booted ??= Promise.all([loadShippedModels(), loadDemo()]).then(() => undefined);
  return booted;
}

/** The demo is what the app opens on; if it cannot load, say so in the Data view instead of failing boot. */
async function loadDemo(): Promise<void> {
  try {
    await loadDemoDatasets();
  } catch (e) {
    useAppStore.getState().setDataError(`Demo data did not load: ${(e as Error).message}`);
  }
}
