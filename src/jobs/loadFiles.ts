/** Load user files: budget and extension checked before reading, parsed in a worker, registered only on success. */
import { useAppStore } from '../store';
import { noteLoaded } from '../lib/loadEvents';
import { callOptions } from '../lib/worker-rpc';
import type { BuildResult, KeyMapping } from '../data/dataset';
import { DataFileError, fail, formatBytes } from '../data/errors';
import { DEFAULT_FILE_BUDGET, readFile } from '../data/readFile';
import { dropParseWorker, parseRemote } from '../data/parseClient';
import { assertKnownExtension, type FileBytes, type ParseOptions } from '../data/parseFiles';
import { shareHalf, withHalfVectors } from '../data/halfBankStorage';
import { distinctFrom } from '../data/distinctId';
import { getDataset, registerDataset } from '../store/datasets';
import type { Dataset } from '../data/types';

/** The part of the parse API loadFiles needs; tests pass the pure implementation. */
export interface Parser {
  parse(
    files: FileBytes[],
    opts: ParseOptions,
    call?: { onProgress?: (d: number, t: number) => void; signal?: AbortSignal },
  ): Promise<BuildResult>;
}

export interface LoadOptions {
  /** refuse any file larger than this, before reading it (default 1 GB) */
  maxBytes?: number;
  mapping?: KeyMapping;
  dropBadRows?: boolean;
  id?: string;
  name?: string;
  signal?: AbortSignal;
  /** 0..1 over reading and parsing, with what is happening */
  onProgress?: (fraction: number, label: string) => void;
  /** the parser to use (default: the parse worker) */
  parser?: Parser;
  /** list the dataset in the store and set its error/progress there (default true) */
  useStore?: boolean;
}

function workerParser(): Parser {
  const r = parseRemote();
  // The bytes were read for this parse alone: they are given to the worker, not copied.
  return {
    parse: (files, opts, call) =>
      r.parse(files, opts, callOptions({ ...call, transfer: files.map((f) => f.bytes) })),
  };
}

/** The names of a load's files for a message: the first three, then a count. */
const names = (files: File[]) =>
  files.length > 3
    ? `${files
        .slice(0, 3)
        .map((f) => f.name)
        .join(' + ')} + ${files.length - 3} more`
    : files.map((f) => f.name).join(' + ');

/** Load files as one dataset. Throws DataFileError (code 'needs-mapping' with extra {keys, guess, reason} when keys are ambiguous). */
export async function loadFiles(files: File[], opts: LoadOptions = {}): Promise<Dataset> {
  const store = opts.useStore !== false ? useAppStore.getState() : null;
  const maxBytes = opts.maxBytes ?? DEFAULT_FILE_BUDGET;
  const report = (f: number, label: string) => {
    opts.onProgress?.(f, label);
    store?.setDataProgress(f);
  };
  try {
    store?.setDataError(null);
    if (files.length === 0) fail('(no file)', 'empty', 'at least one file', 'none');
    for (const f of files) {
      assertKnownExtension(f.name);
      if (f.size > maxBytes)
        fail(
          f.name,
          'too-large',
          `at most ${formatBytes(maxBytes)}`,
          formatBytes(f.size),
          `${f.name} is ${formatBytes(f.size)}; the limit is ${formatBytes(maxBytes)} (refused before reading)`,
        );
    }
    const sum = files.reduce((s, f) => s + f.size, 0);
    if (sum > maxBytes)
      fail(
        names(files),
        'too-large',
        `at most ${formatBytes(maxBytes)} for the whole load`,
        `${files.length} files of ${formatBytes(sum)} together`,
        `${names(files)}: ${files.length} files of ${formatBytes(sum)} together; one load may read at most ${formatBytes(maxBytes)} (refused before reading)`,
      );
    report(0, 'reading');
    const total = sum || 1;
    let before = 0;
    const buffers: FileBytes[] = [];
    for (const f of files) {
      const bytes = await readFile(
        f,
        (d) => report((0.5 * (before + d)) / total, `reading ${f.name}`),
        opts.signal,
      );
      before += f.size;
      buffers.push({ name: f.name, bytes });
    }
    const parser = opts.parser ?? workerParser();
    report(0.5, 'parsing');
    const result = await parser.parse(
      buffers,
      {
        maxBytes,
        mapping: opts.mapping,
        dropBadRows: opts.dropBadRows,
        id: opts.id,
        name: opts.name,
      },
      {
        signal: opts.signal,
        onProgress: (d, t) => report(0.5 + (0.5 * d) / Math.max(t, 1), 'parsing'),
      },
    );
    if (result.kind === 'needs-mapping')
      throw new DataFileError({
        file: files.map((f) => f.name).join(' + '),
        code: 'needs-mapping',
        expected: 'arrays named contexts/targets or vectors',
        found: result.reason,
        message: `${files.map((f) => f.name).join(' + ')}: which array is which? ${result.reason}`,
        extra: { keys: result.keys, guess: result.guess, reason: result.reason },
      });
    // no check against the loaded models' D: data and models load independently; views say which fit
    // a different file under a loaded file's name is listed beside it, not over it
    const dataset = store && !opts.id ? distinctFrom(result.dataset, getDataset) : result.dataset;
    const { bank } = dataset;
    // A float16 bank crossed from the worker without its (lazy, non-enumerable) float32 view.
    if (bank.half) withHalfVectors(Object.assign(bank, { half: shareHalf(bank.half) }));
    if (store) registerDataset(dataset);
    if (store)
      noteLoaded({
        kind: 'data',
        files,
        ids: [dataset.id],
        options: { mapping: opts.mapping, dropBadRows: opts.dropBadRows, name: opts.name },
      });
    return dataset;
  } catch (e) {
    const cancelled = e instanceof Error && e.name === 'AbortError';
    if (cancelled && !opts.parser) dropParseWorker();
    const err = cancelled ? e : (DataFileError.from(e) ?? e);
    if (!cancelled) store?.setDataError((err as Error).message);
    throw err;
  } finally {
    store?.setDataProgress(null);
  }
}
