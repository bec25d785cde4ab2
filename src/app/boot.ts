import { loadShippedModels } from '../features/models/shipped';
import { loadDemoDatasets } from '../data/demo';
import { useAppStore } from '../store';

/** Loads the shipped models and the demo dataset once at start. */
export async function boot(): Promise<void> {
  await Promise.all([loadShippedModels(), loadDemo()]);
}

/** The demo is what the app opens on; if it cannot load, say so in the Data view instead of failing boot. */
async function loadDemo(): Promise<void> {
  try {
    await loadDemoDatasets();
  } catch (e) {
    useAppStore.getState().setDataError(`Demo data did not load: ${(e as Error).message}`);
  }
}
