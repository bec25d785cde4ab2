/** Parsed tensors -> a Dataset: key detection by alias, shape checks, NaN/Inf and all-zero rows, dimension check. */
import { DataFileError, fail } from './errors';
import { toFloat32, toInt32, type NdArray } from './ndarray';
import { pairTexts } from './sidecar';
import type { Dataset } from './types';

/** Everything read from the files of one load, before it is interpreted. */
export interface Bundle {
  files: string[];
  /** arrays by key (npz entry, safetensors tensor, .npy file stem, JSON key) */
  tensors: Record<string, NdArray & { file: string }>;
  texts?: { values: string[]; file: string };
  ids?: string[];
}

/** Which array plays which role; the UI's mapping dialog fills this in. */
export interface KeyMapping {
  contexts?: string;
  targets?: string;
  vectors?: string;
  articleIds?: string;
  bank?: string;
}

export interface KeyInfo {
  key: string;
  shape: number[];
  dtype: string;
  file: string;
}

export type BuildResult =
  | { kind: 'dataset'; dataset: Dataset; warnings: string[] }
  | { kind: 'needs-mapping'; keys: KeyInfo[]; guess: KeyMapping; reason: string };

export interface BuildOptions {
  id?: string;
  name?: string;
  origin?: string;
  mapping?: KeyMapping;
  /** drop rows (stream) or windows holding NaN/Inf or all-zero vectors instead of refusing them */
  dropBadRows?: boolean;
}

const ALIASES: Record<keyof KeyMapping, string[]> = {
  contexts: ['contexts', 'context', 'ctx', 'x', 'inputs', 'input'],
  targets: ['targets', 'target', 'y', 'labels', 'label', 'next'],
  vectors: ['vectors', 'vector', 'embeddings', 'embedding', 'emb', 'embs', 'x', 'data', 'arr_0'],
  articleIds: ['article_ids', 'article_id', 'articles', 'article', 'doc_ids', 'doc_id', 'docs'],
  bank: ['bank', 'corpus'],
};

const isFloat = (t: NdArray) => t.dtype.startsWith('float') || t.dtype === 'bfloat16';
const isInt = (t: NdArray) => /^u?int|^bool$/.test(t.dtype);

function findAlias(
  b: Bundle,
  role: keyof KeyMapping,
  rank: number,
  float: boolean,
): string | undefined {
  const keys = Object.keys(b.tensors);
  for (const alias of ALIASES[role]) {
    const key = keys.find((k) => k.toLowerCase() === alias);
    if (key === undefined) continue;
    const t = b.tensors[key];
    if (t.shape.length === rank && (float ? isFloat(t) : isInt(t) || isFloat(t))) return key;
  }
  return undefined;
}

/** Guess roles from aliases, then from shapes; null roles mean the guess is not unambiguous. */
export function detectKeys(b: Bundle): { mapping: KeyMapping; ambiguous: string | null } {
  const contexts = findAlias(b, 'contexts', 3, true);
  const targets = findAlias(b, 'targets', 2, true);
  const bank = findAlias(b, 'bank', 2, true);
  const articleIds = findAlias(b, 'articleIds', 1, false);
  if (contexts && targets) return { mapping: { contexts, targets, bank }, ambiguous: null };
  const vectors = findAlias(b, 'vectors', 2, true);
  if (vectors) return { mapping: { vectors, articleIds }, ambiguous: null };
  const floats = Object.keys(b.tensors).filter((k) => isFloat(b.tensors[k]));
  const r3 = floats.filter((k) => b.tensors[k].shape.length === 3);
  const r2 = floats.filter((k) => b.tensors[k].shape.length === 2 && k !== bank);
  if (r3.length === 1 && r2.length === 1)
    return { mapping: { contexts: r3[0], targets: r2[0], bank }, ambiguous: null };
  if (r3.length === 0 && r2.length === 1)
    return { mapping: { vectors: r2[0], articleIds }, ambiguous: null };
  const guess: KeyMapping = r3.length
    ? { contexts: r3[0], targets: r2[0] }
    : { vectors: r2[0], articleIds };
  if (r3.length + r2.length === 0) return { mapping: {}, ambiguous: null };
  return {
    mapping: guess,
    ambiguous: `found ${r3.length} arrays shaped like contexts [N, K, D] and ${r2.length} shaped like vectors [N, D] (${[...r3, ...r2].join(', ')}); none named contexts/targets/vectors`,
  };
}

function tensor(b: Bundle, key: string, role: string): NdArray & { file: string } {
  const t = b.tensors[key];
  if (!t)
    fail(
      b.files.join(', '),
      'missing-key',
      `an array '${key}' for ${role}`,
      `keys ${Object.keys(b.tensors).join(', ')}`,
    );
  return t;
}

function floatTensor(
  b: Bundle,
  key: string,
  role: string,
  rank: number,
  shapeText: string,
): NdArray & { file: string } {
  const t = tensor(b, key, role);
  if (t.shape.length !== rank)
    fail(
      t.file,
      'bad-shape',
      `${role} '${key}' of shape ${shapeText}`,
      `shape [${t.shape.join(', ')}]`,
      `${t.file}: '${key}' has shape [${t.shape.join(', ')}] (rank ${t.shape.length}); ${role} must be ${shapeText}`,
    );
  if (t.shape.some((s) => s === 0))
    fail(
      t.file,
      'bad-shape',
      `at least one ${role === 'contexts' ? 'window' : 'vector'} in '${key}'`,
      `shape [${t.shape.join(', ')}]`,
    );
  return t;
}

/** Rows (of `width` floats, `per` rows per item) holding NaN/Inf or an all-zero vector, per item. */
function scanRows(
  data: Float32Array,
  dim: number,
  per: number,
): { nonFinite: number[]; zero: number[] } {
  const nonFinite: number[] = [];
  const zero: number[] = [];
  const items = data.length / (dim * per);
  for (let i = 0; i < items; i++) {
    let bad = false;
    let anyZero = false;
    for (let r = 0; r < per && !bad; r++) {
      const off = (i * per + r) * dim;
      let allZero = true;
      for (let j = 0; j < dim; j++) {
        const v = data[off + j];
        if (v - v !== 0) {
          bad = true;
          break;
        }
        if (v !== 0) allZero = false;
      }
      if (allZero) anyZero = true;
    }
    if (bad) nonFinite.push(i);
    else if (anyZero) zero.push(i);
  }
  return { nonFinite, zero };
}

/** NaN/Inf or all-zero rows, refused with the count, the first rows and a hint that they can be dropped. */
function badRowsError(file: string, what: string, rows: number[], zero: boolean): never {
  const first = rows.slice(0, 5).join(', ') + (rows.length > 5 ? ', ...' : '');
  const problem = zero ? 'all-zero vectors' : 'NaN or Inf values';
  throw new DataFileError({
    file,
    code: zero ? 'zero-vectors' : 'non-finite',
    expected: 'finite, non-zero vectors',
    found: `${rows.length} ${what} with ${problem} (${what} ${first})`,
    message: `${file} has ${rows.length} ${what} with ${problem} (${what} ${first}); expected finite, non-zero vectors. They can be dropped.`,
    extra: { count: rows.length, firstRows: rows.slice(0, 20), droppable: true },
  });
}

function keepRows(data: Float32Array, rowLen: number, keep: number[]): Float32Array {
  const out = new Float32Array(keep.length * rowLen);
  keep.forEach((r, i) => out.set(data.subarray(r * rowLen, (r + 1) * rowLen), i * rowLen));
  return out;
}

const keepList = (n: number, drop: number[]) => {
  const d = new Set(drop);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!d.has(i)) keep.push(i);
  return keep;
};

/** Interpret a bundle as a windows or stream dataset, or ask for a key mapping when that is ambiguous. */
export function buildDataset(b: Bundle, opts: BuildOptions = {}): BuildResult {
  const file = b.files.join(' + ');
  const id = opts.id ?? `file:${file}`;
  const name = opts.name ?? file;
  const origin = opts.origin ?? file;
  let mapping = opts.mapping;
  if (!mapping) {
    const d = detectKeys(b);
    if (d.ambiguous) {
      const keys = Object.entries(b.tensors).map(([key, t]) => ({
        key,
        shape: t.shape,
        dtype: t.dtype,
        file: t.file,
      }));
      return { kind: 'needs-mapping', keys, guess: d.mapping, reason: d.ambiguous };
    }
    mapping = d.mapping;
  }
  const warnings: string[] = [];
  if (mapping.contexts || mapping.targets) {
    if (!mapping.contexts || !mapping.targets)
      fail(
        file,
        'missing-key',
        'both contexts [N, K, D] and targets [N, D]',
        `only ${mapping.contexts ? 'contexts' : 'targets'}`,
      );
    const c = floatTensor(b, mapping.contexts, 'contexts', 3, '[N, K, D]');
    const t = floatTensor(b, mapping.targets, 'targets', 2, '[N, D]');
    const [n, k, dim] = c.shape;
    if (t.shape[0] !== n || t.shape[1] !== dim)
      fail(
        t.file,
        'bad-shape',
        `targets [${n}, ${dim}] to match contexts [${c.shape.join(', ')}]`,
        `targets [${t.shape.join(', ')}]`,
      );
    let contexts = toFloat32(c);
    let targets = toFloat32(t);
    let count = n;
    // a window is bad when any of its K context vectors or its target is
    const sc = scanRows(contexts, dim, k);
    const st = scanRows(targets, dim, 1);
    const nonFinite = [...new Set([...sc.nonFinite, ...st.nonFinite])].sort((a, z) => a - z);
    const isNonFinite = new Set(nonFinite);
    const zero = [...new Set([...sc.zero, ...st.zero])]
      .filter((i) => !isNonFinite.has(i))
      .sort((a, z) => a - z);
    if (!opts.dropBadRows && nonFinite.length) badRowsError(file, 'windows', nonFinite, false);
    if (!opts.dropBadRows && zero.length) badRowsError(file, 'windows', zero, true);
    if (nonFinite.length + zero.length) {
      const keep = keepList(n, [...nonFinite, ...zero]);
      if (!keep.length)
        fail(file, 'non-finite', 'at least one clean window', 'none after dropping bad ones');
      contexts = keepRows(contexts, k * dim, keep);
      targets = keepRows(targets, dim, keep);
      count = keep.length;
      warnings.push(`dropped ${n - count} windows holding NaN/Inf or all-zero vectors`);
    }
    let bank: Dataset['bank'] = { vectors: targets, count };
    if (mapping.bank) {
      const bk = floatTensor(b, mapping.bank, 'bank', 2, '[M, D]');
      if (bk.shape[1] !== dim) fail(bk.file, 'wrong-dim', `a ${dim}-D bank`, `${bk.shape[1]}-D`);
      bank = { vectors: toFloat32(bk), count: bk.shape[0] };
    }
    if (b.texts) {
      if (b.texts.values.length === bank.count) bank.texts = b.texts.values;
      else
        fail(
          b.texts.file,
          'count-mismatch',
          `${bank.count} sentences (one per ${mapping.bank ? 'bank vector' : 'target'})`,
          `${b.texts.values.length}`,
        );
    }
    return {
      kind: 'dataset',
      dataset: { id, name, origin, dim, windows: { contexts, targets, count, k }, bank },
      warnings,
    };
  }
  if (!mapping.vectors) {
    const shapes = Object.entries(b.tensors).map(([k, t]) => `${k} [${t.shape.join(', ')}]`);
    fail(
      file,
      'bad-shape',
      'vectors [N, D] or contexts [N, K, D] + targets [N, D]',
      shapes.join(', ') || 'no arrays',
    );
  }
  const v = floatTensor(b, mapping.vectors, 'vectors', 2, '[N, D]');
  const [n, dim] = v.shape;
  let vectors = toFloat32(v);
  let articleIds: Int32Array | undefined;
  if (mapping.articleIds) {
    const a = tensor(b, mapping.articleIds, 'article ids');
    if (a.shape.length !== 1 || a.shape[0] !== n)
      fail(
        a.file,
        'bad-shape',
        `article ids of shape [${n}] (one per vector)`,
        `shape [${a.shape.join(', ')}]`,
      );
    articleIds =
      toInt32(a) ??
      fail(
        a.file,
        'bad-shape',
        'integer article ids',
        `non-integer values in '${mapping.articleIds}'`,
      );
  }
  let texts = b.texts && pairTexts(b.texts.values, n, b.texts.file);
  let ids = b.ids;
  if (ids && ids.length !== n) ids = undefined;
  const { nonFinite, zero } = scanRows(vectors, dim, 1);
  if (!opts.dropBadRows && nonFinite.length) badRowsError(v.file, 'rows', nonFinite, false);
  if (!opts.dropBadRows && zero.length) badRowsError(v.file, 'rows', zero, true);
  let count = n;
  let sourceRows: Int32Array | undefined;
  if (nonFinite.length + zero.length) {
    const keep = keepList(n, [...nonFinite, ...zero]);
    if (!keep.length)
      fail(v.file, 'non-finite', 'at least one clean vector', 'none after dropping bad rows');
    vectors = keepRows(vectors, dim, keep);
    if (articleIds) articleIds = Int32Array.from(keep, (r) => articleIds![r]);
    if (texts) texts = keep.map((r) => texts![r]);
    if (ids) ids = keep.map((r) => ids![r]);
    sourceRows = Int32Array.from(keep);
    count = keep.length;
    warnings.push(`dropped ${n - count} rows holding NaN/Inf or all-zero vectors`);
  }
  const stream: NonNullable<Dataset['stream']> = { vectors, count };
  if (texts) stream.texts = texts;
  if (articleIds) stream.articleIds = articleIds;
  if (ids) stream.ids = ids;
  if (sourceRows) stream.sourceRows = sourceRows;
  return {
    kind: 'dataset',
    dataset: {
      id,
      name,
      origin,
      dim,
      stream,
      bank: { vectors, count, ...(texts ? { texts } : {}) },
    },
    warnings,
  };
}

/** Refuse a dataset whose vectors do not have the model's dimension. */
export function checkDim(dataset: Dataset, modelName: string, modelDim: number): void {
  if (dataset.dim !== modelDim)
    fail(
      dataset.origin,
      'wrong-dim',
      `${modelDim}-D vectors`,
      `${dataset.dim}-D vectors`,
      `${dataset.origin} holds ${dataset.dim}-D vectors; model '${modelName}' expects ${modelDim}-D`,
    );
}
