import { engine } from '../../engine/client';
import { fetchWithProgress } from '../../lib/fetchWithProgress';
import { useAppStore } from '../../store';
import { loadManifest, modelsUrl, type ManifestModel } from '../../predictors/manifest';
import { recordModelHash } from '../../predictors/modelHashes';

/**
 * Loads one manifest entry (already marked loading) into the engine and the store; errors land in
 * the store, not thrown.
 */
async function loadOne(entry: ManifestModel): Promise<void> {
  try {
    const bytes = await fetchWithProgress(modelsUrl(entry.file), {
      onProgress: (done, total) => {
        if (total) useAppStore.getState().setModelProgress(entry.id, done / total);
      },
    });
    useAppStore.getState().setModelProgress(entry.id, null);
    const info = await engine.loadModel({
      id: entry.id,
      name: entry.name,
      architecture: entry.architecture,
      params: entry.params,
      source: 'shipped',
      bytes,
    });
    recordModelHash(info.loadId, bytes);
    useAppStore.getState().addModel(info);
    const { k, dim } = info.signature;
    if ((k !== null && k !== entry.K) || (dim !== null && dim !== entry.D)) {
      useAppStore
        .getState()
        .setModelError(
          `Shipped model "${entry.name}": manifest says K=${entry.K}, D=${entry.D} but the file has K=${k}, D=${dim}`,
        );
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    useAppStore.getState().setModelError(`Shipped model "${entry.name}" failed to load: ${msg}`);
  } finally {
    useAppStore.getState().setModelProgress(entry.id, null);
    useAppStore.getState().setModelLoading(entry.id, false);
  }
}

let started: Promise<void> | null = null;

/**
 * Loads every shipped model once (idempotent: React's StrictMode runs effects twice). They are
 * marked loading as soon as the manifest arrives, and loaded once `after` settles (boot passes the
 * user's own workspace, so it is not queued behind them).
 */
export function loadShippedModels(opts: { after?: Promise<unknown> } = {}): Promise<void> {
  started ??= (async () => {
    wireEngineEvents();
    try {
      const manifest = await loadManifest();
      // All queued at once, so a run waits for the ones behind the first (see pendingModels).
      for (const entry of manifest.models) useAppStore.getState().setModelLoading(entry.id, true);
      await opts.after?.catch(() => undefined);
      // One at a time: the engine runs warm-ups per model, and the machine may have few cores.
      for (const entry of manifest.models) await loadOne(entry);
    } catch (e) {
      useAppStore.getState().setModelError(e instanceof Error ? e.message : String(e));
    } finally {
      useAppStore.getState().setShippedPending(false);
    }
  })();
  return started;
}

let wired = false;

/** Mirrors engine-side changes (fallbacks, preference) into the store. */
export function wireEngineEvents(): void {
  if (wired) return;
  wired = true;
  engine.onModelChange((patch) => {
    const { id, ...rest } = patch;
    useAppStore.getState().updateModel(id, rest);
  });
}
