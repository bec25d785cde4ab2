/**
 * Files kept in the origin-private file system (navigator.storage.getDirectory): each file once,
 * named by its SHA-256, plus one index.json saying what the files were loaded as. Pure storage:
 * what to keep and when is jobs/persist/workspacePersist.ts.
 */
import type { LoadedKind } from '../../lib/loadEvents';

export interface StoredFile {
  name: string;
  hash: string;
  size: number;
}

export interface StoredEntry {
  /** kind + the files' hashes: the same files loaded as the same kind are one entry */
  key: string;
  kind: LoadedKind;
  name: string;
  files: StoredFile[];
  /** the ids they were loaded as (to carry a saved selection over to the restored ids) */
  ids: string[];
  options?: Record<string, unknown>;
}

export interface Selection {
  datasetId: string;
  models: string[];
}

export interface StoredIndex {
  version: 1;
  entries: StoredEntry[];
  selection: Selection | null;
}

export type StorageErrorCode = 'unavailable' | 'quota' | 'missing' | 'io';

/** A storage failure with a code the UI turns into words. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

const DIR = 'lvm-lens-workspace';
const BLOBS = 'blobs';
const INDEX = 'index.json';
const EMPTY: StoredIndex = { version: 1, entries: [], selection: null };

/** The part of FileSystemDirectoryHandle used here (tests hand in their own OPFS-shaped folder). */
export type Dir = FileSystemDirectoryHandle;

function isQuota(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || /quota/i.test(String((e as Error)?.message));
}

/** Lowercase hex SHA-256 of the bytes. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  // a view made here: a buffer from another realm (jsdom's File in tests) is refused as is
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The entry key of files loaded as `kind`: the same bytes give the same key, whatever their names. */
export function entryKey(kind: LoadedKind, hashes: readonly string[]): string {
  return `${kind}:${[...hashes].sort().join('+')}`;
}

export class BlobStore {
  private constructor(
    private readonly root: Dir,
    private readonly blobs: Dir,
  ) {}

  /** The store under `root` (default: this origin's private file system); throws StorageError('unavailable'). */
  static async open(root?: Dir): Promise<BlobStore> {
    try {
      const base = root ?? (await globalThis.navigator.storage.getDirectory());
      const dir = await base.getDirectoryHandle(DIR, { create: true });
      return new BlobStore(dir, await dir.getDirectoryHandle(BLOBS, { create: true }));
    } catch (e) {
      throw new StorageError(
        'unavailable',
        `this browser gives the page no private storage (${(e as Error)?.message ?? e})`,
      );
    }
  }

  /** The index; an unreadable one is read as empty (the caller is told by `damaged`). */
  async readIndex(): Promise<{ index: StoredIndex; damaged: boolean }> {
    let text: string;
    try {
      text = await (await (await this.root.getFileHandle(INDEX)).getFile()).text();
    } catch {
      return { index: structuredClone(EMPTY), damaged: false };
    }
    try {
      const index = JSON.parse(text) as StoredIndex;
      if (index?.version !== 1 || !Array.isArray(index.entries)) throw new Error('not an index');
      return { index, damaged: false };
    } catch {
      return { index: structuredClone(EMPTY), damaged: true };
    }
  }

  async writeIndex(index: StoredIndex): Promise<void> {
    await this.write(this.root, INDEX, new Blob([JSON.stringify(index)]));
  }

  /** Keep `bytes` under `hash` unless a file of that size is already there; a full quota leaves nothing half-written. */
  async put(hash: string, bytes: Blob): Promise<void> {
    const existing = await this.size(hash);
    if (existing === bytes.size) return;
    try {
      await this.write(this.blobs, hash, bytes);
    } catch (e) {
      await this.remove(hash);
      throw e;
    }
  }

  /** The kept file as a File named `name`; StorageError('missing') when it is gone or cut short. */
  async get(hash: string, name: string, size: number): Promise<File> {
    let file: File;
    try {
      file = await (await this.blobs.getFileHandle(hash)).getFile();
    } catch {
      throw new StorageError('missing', `${name} is no longer in the browser's storage`);
    }
    if (file.size !== size)
      throw new StorageError('missing', `${name} was kept as ${size} bytes; ${file.size} are left`);
    return new File([file], name);
  }

  async remove(hash: string): Promise<void> {
    await this.blobs.removeEntry(hash).catch(() => undefined);
  }

  /** Every kept blob's hash and size (for the storage used, and to drop blobs no entry names). */
  async list(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for await (const [name, handle] of this.blobs as unknown as AsyncIterable<
      [string, FileSystemHandle]
    >) {
      if (handle.kind === 'file')
        out.set(name, (await (handle as FileSystemFileHandle).getFile()).size);
    }
    return out;
  }

  private async size(hash: string): Promise<number | null> {
    try {
      return (await (await this.blobs.getFileHandle(hash)).getFile()).size;
    } catch {
      return null;
    }
  }

  private async write(dir: Dir, name: string, data: Blob): Promise<void> {
    try {
      const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
      try {
        await writable.write(data);
        await writable.close();
      } catch (e) {
        await writable.abort().catch(() => undefined);
        throw e;
      }
    } catch (e) {
      if (isQuota(e)) throw new StorageError('quota', 'the browser storage for this page is full');
      throw new StorageError(
        'io',
        `could not write to the browser storage (${(e as Error)?.message ?? e})`,
      );
    }
  }
}
