// @vitest-environment jsdom
/**
 * Restoring the kept workspace at start: a kept file that no longer loads (or is gone) is said in
 * words and skipped, everything else comes back with the ids the selection needs. Real parse
 * worker in-process (src/test/inProcessWorkers.ts); the kept files in an OPFS-shaped folder.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { type Dir } from '../../jobs/persist/blobStore';
import {
  readKept,
  remember,
  resetPersist,
  saveSelection,
} from '../../jobs/persist/workspacePersist';
import { resetAppStore, useAppStore } from '../../store';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { MemoryDirectory } from '../../test/memoryDirectory';
import { applySelection, restoreKept } from './restore';

beforeAll(installInProcessWorkers);

let root: MemoryDirectory;
beforeEach(() => {
  resetAppStore();
  root = MemoryDirectory.root();
  resetPersist(root as unknown as Dir);
});

const stream = () => new File([readFileSync('src/data/fixtures/stream.npz')], 'stream.npz');

it('restores what still loads, says what does not, and carries the selection over', async () => {
  await remember({ kind: 'data', files: [new File(['not numpy'], 'broken.npy')], ids: ['b'] });
  await remember({ kind: 'data', files: [stream()], ids: ['file:old-id'] });
  await remember({ kind: 'data', files: [new File(['0123456789'], 'cut.npy')], ids: ['c'] });
  const cut = (await readKept()).entries[2].files[0].hash;
  await root.overwrite(['lvm-lens-workspace', 'blobs', cut], ['0123']);
  await saveSelection({ datasetId: 'file:old-id', models: ['amn'] });
  expect(useAppStore.getState().storageMessages).toEqual([]);

  const selection = await restoreKept();

  const s = useAppStore.getState();
  expect(s.datasets.map((d) => d.id)).toEqual(['file:stream.npz']);
  expect(s.restoring).toBeNull();
  expect(s.storageMessages).toHaveLength(2);
  expect(s.storageMessages[0]).toMatch(/^Kept broken\.npy could not be restored: broken\.npy/);
  expect(s.storageMessages[1]).toBe(
    'Kept cut.npy could not be restored: cut.npy was kept as 10 bytes; 4 are left. Everything else was restored; forget it to stop this message.',
  );
  expect(selection).toEqual({ datasetId: 'file:stream.npz', models: ['amn'] });

  applySelection(selection!);
  expect(useAppStore.getState().datasetId).toBe('file:stream.npz');
  // amn is not loaded yet: pinned, so it joins when it loads and nothing else does
  expect(useAppStore.getState().selectedModels).toEqual([]);
  expect(useAppStore.getState().urlModels).toEqual(['amn']);
}, 60_000);

it("keeps the app's default selection when nothing of the user's was kept", async () => {
  await saveSelection({ datasetId: 'demo-val', models: ['amn'] });
  expect(await restoreKept()).toBeNull();
});
