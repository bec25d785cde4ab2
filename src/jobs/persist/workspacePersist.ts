/**
 * The workspace that outlives the tab: every successful load (lib/loadEvents) is kept in the
 * origin-private file system, once per content hash, with the selection; the Data and Models
 * views list what is kept and forget it. Failures are said in words in the store and never stop
 * a load or the app: what is loaded keeps working, it is only not kept.
 */
import { onLoaded, type LoadedFiles } from '../../lib/loadEvents';
import { useAppStore } from '../../store';
import type { StoredItem } from '../../store/slices/storage';
import {
  BlobStore,
  entryKey,
  sha256Hex,
  StorageError,
  type Dir,
  type Selection,
  type StoredEntry,
  type StoredFile,
  type StoredIndex,
} from './blobStore';

let opened: Promise<BlobStore | null> | null = null;
let root: Dir | undefined;
let chain: Promise<unknown> = Promise.resolve();
/** entry key -> the ids its files are loaded as in this tab */
const live = new Map<string, string[]>();

const say = (m: string) => useAppStore.getState().addStorageMessage(m);
const size = (n: number) =>
  n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;

/** One index change at a time: two loads finishing together must not lose each other's entry. */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const p = chain.then(fn, fn);
  chain = p.catch(() => undefined);
  return p;
}

/** The store, opened once; null (and said once) where the browser has none. */
export function storage(): Promise<BlobStore | null> {
  opened ??= BlobStore.open(root).then(
    (s) => {
      useAppStore.getState().setStorageAvailable(true);
      return s;
    },
    (e: StorageError) => {
      useAppStore.getState().setStorageAvailable(false);
      say(
        `Nothing is kept after this tab closes: ${e.message}. What you load works as usual; a private window is the usual cause.`,
      );
      return null;
    },
  );
  return opened;
}

/** Tests: a fresh module state over `dir` (an OPFS-shaped folder), or the real OPFS. */
export function resetPersist(dir?: Dir): void {
  opened = null;
  root = dir;
  chain = Promise.resolve();
  live.clear();
}

export async function hashFiles(files: readonly File[]): Promise<StoredFile[]> {
  return Promise.all(
    files.map(async (f) => ({
      name: f.name,
      size: f.size,
      hash: await sha256Hex(await f.arrayBuffer()),
    })),
  );
}

function entryName(e: LoadedFiles): string {
  const names = e.files.map((f) => f.name);
  return e.kind === 'checkpoints' ? `${names.length} checkpoints` : names.join(' + ');
}

/** Lists the kept entries and the bytes they take in the store. */
async function publish(store: BlobStore, index: StoredIndex): Promise<void> {
  const blobs = await store.list();
  const items: StoredItem[] = index.entries.map((e) => ({
    key: e.key,
    kind: e.kind,
    name: e.name,
    bytes: e.files.reduce((s, f) => s + f.size, 0),
    files: e.files.length,
  }));
  const used = [...blobs.values()].reduce((s, n) => s + n, 0);
  const quota =
    (await globalThis.navigator?.storage?.estimate?.().catch(() => null))?.quota ?? null;
  useAppStore.getState().setStored(items, used, quota);
}

/** Drops blobs no entry names any more. */
async function collect(store: BlobStore, index: StoredIndex): Promise<void> {
  const named = new Set(index.entries.flatMap((e) => e.files.map((f) => f.hash)));
  for (const hash of (await store.list()).keys()) if (!named.has(hash)) await store.remove(hash);
}

/** Keeps a load's files and what they were loaded as; a full store says so and keeps what it had. */
export function remember(e: LoadedFiles): Promise<void> {
  return serial(async () => {
    const store = await storage();
    if (!store) return;
    const files = await hashFiles(e.files);
    const key = entryKey(
      e.kind,
      files.map((f) => f.hash),
    );
    live.set(key, e.ids);
    const { index } = await store.readIndex();
    const known = index.entries.find((x) => x.key === key);
    if (known && known.ids.join() === e.ids.join()) return;
    try {
      for (const [i, f] of files.entries()) await store.put(f.hash, e.files[i]);
    } catch (err) {
      await collect(store, index);
      const bytes = files.reduce((s, f) => s + f.size, 0);
      say(
        err instanceof StorageError && err.code === 'quota'
          ? `Browser storage is full: ${entryName(e)} (${size(bytes)}) is loaded but will not be restored next time; everything kept before is still kept. Forget something to make room.`
          : `${entryName(e)} is loaded but could not be kept: ${(err as Error).message}.`,
      );
      return publish(store, index);
    }
    // one checkpoint set at a time, as the Checkpoints view shows one
    index.entries = index.entries.filter(
      (x) => x.key !== key && !(e.kind === 'checkpoints' && x.kind === 'checkpoints'),
    );
    index.entries.push({
      key,
      kind: e.kind,
      name: entryName(e),
      files,
      ids: e.ids,
      options: e.options,
    });
    await store.writeIndex(index);
    await collect(store, index);
    await publish(store, index);
  }).catch((err: unknown) => say(`Could not keep ${entryName(e)}: ${(err as Error).message}.`));
}

/** Stops keeping one entry (what is loaded now stays loaded). */
export function forget(key: string): Promise<void> {
  return serial(async () => {
    const store = await storage();
    if (!store) return;
    const { index } = await store.readIndex();
    index.entries = index.entries.filter((e) => e.key !== key);
    await store.writeIndex(index);
    await collect(store, index);
    await publish(store, index);
  });
}

/** Stops keeping everything, selection included. */
export function forgetAll(): Promise<void> {
  return serial(async () => {
    const store = await storage();
    if (!store) return;
    const index: StoredIndex = { version: 1, entries: [], selection: null };
    await store.writeIndex(index);
    await collect(store, index);
    await publish(store, index);
  });
}

/** Keeps the selected dataset and models. */
export function saveSelection(selection: Selection): Promise<void> {
  return serial(async () => {
    const store = await storage();
    if (!store) return;
    const { index } = await store.readIndex();
    if (JSON.stringify(index.selection) === JSON.stringify(selection)) return;
    index.selection = selection;
    await store.writeIndex(index);
  }).catch(() => undefined);
}

/** What is kept, for the restore at start; a damaged index is said and read as empty. */
export async function readKept(): Promise<StoredIndex> {
  const store = await storage();
  if (!store) return { version: 1, entries: [], selection: null };
  const { index, damaged } = await store.readIndex();
  if (damaged)
    say('The list of kept files could not be read; the kept workspace was not restored.');
  await publish(store, index);
  return index;
}

/** An entry's files as Files with their names (StorageError('missing') when one is gone). */
export async function keptFiles(entry: StoredEntry): Promise<File[]> {
  const store = await storage();
  if (!store) throw new StorageError('unavailable', 'no browser storage');
  return Promise.all(entry.files.map((f) => store.get(f.hash, f.name, f.size)));
}

/** The ids these files are loaded as in this tab, if they are (a link opening what was restored). */
export function liveIds(key: string): string[] | undefined {
  return live.get(key);
}

/** Keep every successful load from now on; returns the function that stops it. */
export function startKeeping(): () => void {
  return onLoaded((e) => void remember(e));
}
