import { loadShippedModels } from '../features/models/shipped';
import { loadDemoDatasets } from '../jobs/loadDemo';
import { startKeeping } from '../jobs/persist/workspacePersist';
import { useAppStore } from '../store';
import { openWorkspaceLink } from './workspace/openLink';
import { applySelection, keepSelection, restoreKept } from './workspace/restore';

let booted: Promise<void> | null = null;

/**
 * Loads the demo dataset, the workspace kept in this browser and the files a `?open=` link names,
 * and the shipped models, once (StrictMode runs the App's effect twice; a second demo load would
 * replace the datasets, and with them every result keyed on them).
 */
export function boot(): Promise<void> {
  // read now: the URL sync rewrites the query as soon as the store changes
  const params = new URLSearchParams(window.location.search);
  // The user's own workspace loads before the shipped models (marked loading meanwhile), which
  // would otherwise hold the engine for minutes on a slow machine; it comes after the demo data,
  // which a kept results bundle may have been computed on. Without a workspace this costs one
  // read of the kept index.
  booted ??= (() => {
    const workspace = loadDemo()
      .then(() => openWorkspace(params.get('open'), params.has('data') || params.has('models')))
      .catch((e: unknown) => console.error('the workspace did not open', e));
    return Promise.all([workspace, loadShippedModels({ after: workspace })]).then(() => undefined);
  })();
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

/**
 * The kept workspace first (a link may name the same files: they are not loaded twice), then the
 * link; a kept selection is applied only when neither a link nor the URL names one. Either pins
 * the selection as a URL does, so shipped models that finish loading later do not join it.
 */
async function openWorkspace(link: string | null, urlSelects: boolean): Promise<void> {
  startKeeping();
  const kept = await restoreKept().catch(() => null);
  if (link) await openWorkspaceLink(link);
  else if (kept && !urlSelects) applySelection(kept);
  keepSelection();
}
