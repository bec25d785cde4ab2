import { engine } from '../../engine/client';
import { useAppStore } from '../../store';
import { recordModelHash } from '../../predictors/modelHashes';
import { noteLoaded } from '../../lib/loadEvents';

/** A fresh id for a user model: "user-<file stem>", suffixed when taken. */
export function userModelId(fileName: string, taken: readonly string[]): string {
  const stem =
    fileName
      .replace(/\.onnx$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'model';
  let id = `user-${stem}`;
  for (let i = 2; taken.includes(id); i++) id = `user-${stem}-${i}`;
  return id;
}

/** Loads dropped/picked .onnx files; a bad file sets modelError and leaves the others loaded. Returns the ids that loaded. */
export async function loadUserModels(files: File[]): Promise<string[]> {
  const loaded: string[] = [];
  for (const file of files) {
    const s = useAppStore.getState();
    const id = userModelId(file.name, [...s.models.map((m) => m.id), ...s.loadingModels]);
    s.setModelLoading(id, true);
    try {
      const bytes = await file.arrayBuffer();
      const info = await engine.loadModel({
        id,
        name: file.name,
        architecture: 'user ONNX',
        params: null,
        source: 'user',
        bytes,
      });
      recordModelHash(info.loadId, bytes);
      useAppStore.getState().addModel(info);
      useAppStore.getState().setModelError(null);
      loaded.push(id);
      noteLoaded({ kind: 'model', files: [file], ids: [id] });
    } catch (e) {
      useAppStore.getState().setModelError(e instanceof Error ? e.message : String(e));
    } finally {
      useAppStore.getState().setModelLoading(id, false);
    }
  }
  return loaded;
}

/** Releases a model's sessions and forgets it. */
export async function removeModel(id: string): Promise<void> {
  await engine.removeModel(id);
  useAppStore.getState().removeModelInfo(id);
}
