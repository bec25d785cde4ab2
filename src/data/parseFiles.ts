/** One load: read every file by its format into a Bundle, then interpret it. Pure; the parse worker serves it. */
import type { CallContext } from '../lib/worker-rpc';
import { CancelledError } from '../lib/worker-rpc';
import { buildDataset, type BuildOptions, type BuildResult, type Bundle } from './dataset';
import { LoadBudget } from './budget';
import { fail } from './errors';
import { parseJsonVectors, type ParsedTable } from './json';
import type { NdArray } from './ndarray';
import { parseNpyArray } from './npy';
import { DEFAULT_MEMORY_BUDGET, parseNpz } from './npz';
import { tableFromArrays } from './npzAliases';
import { parseSafetensors } from './safetensors';
import { parseSidecar } from './sidecar';

export type FileKind = 'npy' | 'npz' | 'safetensors' | 'json' | 'jsonl' | 'txt';
export const ACCEPTED_EXTENSIONS = ['.npy', '.npz', '.safetensors', '.json', '.jsonl', '.txt'];

export interface FileBytes {
  name: string;
  bytes: ArrayBuffer;
}

export interface ParseOptions extends BuildOptions {
  /** most bytes one load may hold: its files, with archives counted as unpacked; default 1 GB */
  maxBytes?: number;
}

/** The format a file name announces, or null. */
export function fileKind(name: string): FileKind | null {
  const m = /\.([a-z]+)$/i.exec(name);
  const ext = m?.[1].toLowerCase();
  return ext && ACCEPTED_EXTENSIONS.includes(`.${ext}`) ? (ext as FileKind) : null;
}

/** Refuse a file name whose extension no parser reads (before anything is read). */
export function assertKnownExtension(name: string): FileKind {
  return (
    fileKind(name) ??
    fail(
      name,
      'unknown-extension',
      `one of ${ACCEPTED_EXTENSIONS.join(', ')}`,
      `'${/\.[^.]*$/.exec(name)?.[0] ?? 'no extension'}'`,
      `${name}: unknown file type ${/\.[^.]*$/.exec(name)?.[0] ?? '(no extension)'}; expected one of ${ACCEPTED_EXTENSIONS.join(', ')}`,
    )
  );
}

const stem = (name: string) => name.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
const isSentenceList = (text: string) => /^\s*\[\s*"/.test(text);

function parseOne(f: FileBytes, budget: LoadBudget): ParsedTable {
  const kind = assertKnownExtension(f.name);
  // an archive counts what it unpacks; any other file what it is
  if (kind !== 'npz') budget.take(f.bytes.byteLength, f.name, 'the file');
  switch (kind) {
    case 'npy':
      return tableFromArrays(
        { [stem(f.name)]: parseNpyArray(f.bytes, f.name, { keepHalf: true }) },
        f.name,
      );
    case 'npz':
      return tableFromArrays(parseNpz(f.bytes, f.name, { budget, keepHalf: true }), f.name);
    case 'safetensors':
      return { tensors: parseSafetensors(f.bytes, f.name).tensors };
    case 'jsonl':
      return parseJsonVectors(f.bytes, f.name, true);
    case 'json': {
      const head = new TextDecoder().decode(
        new Uint8Array(f.bytes, 0, Math.min(64, f.bytes.byteLength)),
      );
      if (isSentenceList(head)) return { tensors: {}, texts: parseSidecar(f.bytes, f.name) };
      return parseJsonVectors(f.bytes, f.name, false);
    }
    case 'txt':
      return { tensors: {}, texts: parseSidecar(f.bytes, f.name) };
  }
}

/** Parse the files of one load and build the dataset (or ask for a key mapping). */
export function parseFiles(
  files: FileBytes[],
  opts: ParseOptions = {},
  ctx?: CallContext,
): BuildResult {
  if (files.length === 0) fail('(no file)', 'empty', 'at least one file', 'none');
  const budget = new LoadBudget(opts.maxBytes ?? DEFAULT_MEMORY_BUDGET);
  files.forEach((f) => assertKnownExtension(f.name));
  // no prototype: a key named __proto__ stays a key
  const bundle: Bundle = { files: files.map((f) => f.name), tensors: Object.create(null) };
  files.forEach((f, i) => {
    if (ctx?.cancelled) throw new CancelledError();
    ctx?.progress(i, files.length);
    const table = parseOne(f, budget);
    for (const [key, t] of Object.entries(table.tensors) as Array<[string, NdArray]>) {
      const k = key in bundle.tensors ? `${stem(f.name)}/${key}` : key;
      bundle.tensors[k] = { ...t, file: f.name };
    }
    if (table.texts && !bundle.texts) bundle.texts = { values: table.texts, file: f.name };
    if (table.ids && !bundle.ids) bundle.ids = table.ids;
    if (table.notes) bundle.notes = [...(bundle.notes ?? []), ...table.notes];
  });
  if (Object.keys(bundle.tensors).length === 0)
    fail(
      bundle.files.join(' + '),
      'missing-key',
      'a file holding vectors (.npy, .npz, .safetensors, .json)',
      'only sentences',
    );
  ctx?.progress(files.length, files.length);
  return buildDataset(bundle, opts);
}
