/**
 * A results bundle's files from the user's disk: read under the load's byte budget (sizes checked
 * before reading), then parsed and range-checked in the parse worker, cancellable like any load.
 */
import { callOptions } from '../lib/worker-rpc';
import { DataFileError, fail, formatBytes } from './errors';
import { DEFAULT_FILE_BUDGET, readFile } from './readFile';
import { quote } from './ndarray';
import { dropParseWorker, parseRemote } from './parseClient';
import type { FileBytes } from './parseFiles';
import { BUNDLE_MANIFEST, type ResultsBundle } from './resultsBundleParse';

/** A manifest lists a few models: megabytes of JSON are not one. */
export const MAX_MANIFEST_BYTES = 16 * 1024 ** 2;

export interface BundleReadOptions {
  /** most bytes the bundle's files may take together (default 1 GB) */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** A worker call's error as the loaders throw it; a cancelled call also drops the busy worker. */
async function inWorker<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') {
      dropParseWorker();
      throw e;
    }
    throw DataFileError.from(e) ?? e;
  }
}

/** The file names a bundle's manifest names (its JSON parsed in the worker). */
export async function bundleFileNames(manifest: File, signal?: AbortSignal): Promise<Set<string>> {
  if (manifest.size > MAX_MANIFEST_BYTES)
    fail(
      manifest.name,
      'too-large',
      `a manifest of at most ${formatBytes(MAX_MANIFEST_BYTES)}`,
      formatBytes(manifest.size),
    );
  const bytes = await readFile(manifest, undefined, signal);
  return new Set(
    await inWorker(() => parseRemote().bundleFileNames(bytes, callOptions({ signal }))),
  );
}

/** Reads a bundle's files, each and all together under `maxBytes`, refused before reading. */
export async function readBundleFiles(
  files: File[],
  opts: BundleReadOptions = {},
): Promise<FileBytes[]> {
  const maxBytes = opts.maxBytes ?? DEFAULT_FILE_BUDGET;
  const total = files.reduce((s, f) => s + f.size, 0);
  const manifest = files.find((f) => f.name.replace(/^.*[\\/]/, '') === BUNDLE_MANIFEST);
  if (manifest && manifest.size > MAX_MANIFEST_BYTES)
    fail(
      manifest.name,
      'too-large',
      `a manifest of at most ${formatBytes(MAX_MANIFEST_BYTES)}`,
      formatBytes(manifest.size),
    );
  if (total > maxBytes) {
    const biggest = files.reduce((a, b) => (b.size > a.size ? b : a));
    fail(
      '(results bundle)',
      'too-large',
      `at most ${formatBytes(maxBytes)} for the bundle's files`,
      `${files.length} files of ${formatBytes(total)} (the largest: ${quote(biggest.name, 80)}, ${formatBytes(biggest.size)})`,
    );
  }
  const out: FileBytes[] = [];
  for (const f of files)
    out.push({ name: f.name, bytes: await readFile(f, undefined, opts.signal) });
  return out;
}

/** Parses a bundle's files in the parse worker; the bytes are given to it (read for this alone). */
export function parseBundleBytes(
  files: FileBytes[],
  opts: { signal?: AbortSignal } = {},
): Promise<ResultsBundle> {
  const transfer = files.map((f) => f.bytes);
  return inWorker(() =>
    parseRemote().parseResultsBundle(files, callOptions({ signal: opts.signal, transfer })),
  );
}
