/** JSON / JSON Lines vectors: arrays of vectors, objects {vector, text?, id?, article?}, or {name: array}. */
import { DataFileError, decodeUtf8, fail } from './errors';
import { quote, type NdArray } from './ndarray';

/** Named tensors plus the per-row strings a text format can carry. */
export interface ParsedTable {
  tensors: Record<string, NdArray>;
  texts?: string[];
  ids?: string[];
  /** what reading skipped (e.g. a string array no role uses), shown as the dataset's warnings */
  notes?: string[];
}

const VECTOR_KEYS = ['vector', 'embedding', 'emb', 'values'];
const TEXT_KEYS = ['text', 'sentence'];
const ARTICLE_KEYS = ['article', 'article_id', 'doc_id', 'doc'];
const MAX_RANK = 4;

/** Nested number arrays -> C-order float32 tensor; ragged or non-numeric input is refused. */
export function nestedToTensor(value: unknown, file: string, what = 'the vectors'): NdArray {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (shape.length > MAX_RANK)
      fail(file, 'bad-shape', `${what} nested at most ${MAX_RANK} deep`, 'deeper nesting');
    if (probe.length === 0) break;
    probe = probe[0];
  }
  let count = 1;
  for (const s of shape) count *= s;
  const data = new Float32Array(count);
  let at = 0;
  const walk = (v: unknown, depth: number, path: string) => {
    if (depth === shape.length) {
      if (typeof v !== 'number')
        fail(
          file,
          'bad-json',
          `numbers in ${what}`,
          `${JSON.stringify(v)?.slice(0, 40) ?? 'undefined'} at ${path || 'top level'}`,
        );
      data[at++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth])
      fail(
        file,
        'bad-shape',
        `${what} as a rectangular array of shape [${shape.join(', ')}]`,
        `${Array.isArray(v) ? `length ${v.length}` : JSON.stringify(v)?.slice(0, 40)} at ${path || 'top level'}`,
      );
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
  };
  walk(value, 0, '');
  return { data, shape, dtype: 'float32' };
}

function pick(o: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (k in o) return o[k];
  return undefined;
}

function fromRows(rows: unknown[], file: string): ParsedTable {
  if (rows.length === 0) fail(file, 'bad-shape', 'at least one vector', 'an empty list');
  const first = rows[0];
  if (Array.isArray(first)) return { tensors: { vectors: nestedToTensor(rows, file) } };
  if (first === null || typeof first !== 'object')
    fail(
      file,
      'bad-json',
      'a list of vectors or of objects {vector, text?, id?, article?}',
      `a list of ${typeof first}`,
    );
  const vectors: unknown[] = [];
  const texts: string[] = [];
  const ids: string[] = [];
  const articles: number[] = [];
  const articleIndex = new Map<string, number>();
  let hasText = false;
  let hasId = false;
  let hasArticle = false;
  rows.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r))
      fail(
        file,
        'bad-json',
        'an object {vector, ...} in every row',
        `${JSON.stringify(r)?.slice(0, 40)} in row ${i}`,
      );
    const o = r as Record<string, unknown>;
    const v = pick(o, VECTOR_KEYS);
    if (!Array.isArray(v))
      fail(
        file,
        'missing-key',
        `a 'vector' array in every row`,
        `row ${i} with keys ${quote(Object.keys(o).join(', '), 80) || 'none'}`,
      );
    vectors.push(v);
    const t = pick(o, TEXT_KEYS);
    if (t !== undefined) hasText = true;
    texts.push(t === undefined || t === null ? '' : String(t));
    if (o.id !== undefined) hasId = true;
    ids.push(o.id === undefined ? String(i) : String(o.id));
    const a = pick(o, ARTICLE_KEYS);
    if (a !== undefined) hasArticle = true;
    if (typeof a === 'number' && Number.isInteger(a)) articles.push(a);
    else {
      const key = String(a);
      if (!articleIndex.has(key)) articleIndex.set(key, articleIndex.size);
      articles.push(articleIndex.get(key)!);
    }
  });
  const tensors: Record<string, NdArray> = { vectors: nestedToTensor(vectors, file) };
  if (hasArticle)
    tensors.article_ids = {
      data: Int32Array.from(articles),
      shape: [articles.length],
      dtype: 'int32',
    };
  return { tensors, ...(hasText ? { texts } : {}), ...(hasId ? { ids } : {}) };
}

function fromObject(o: Record<string, unknown>, file: string): ParsedTable {
  // no prototype: a key named __proto__ (JSON.parse keeps it as a key) stays an array
  const tensors: Record<string, NdArray> = Object.create(null);
  let texts: string[] | undefined;
  let ids: string[] | undefined;
  for (const [key, v] of Object.entries(o)) {
    if (!Array.isArray(v)) continue;
    if (v.length > 0 && v.every((s) => typeof s === 'string')) {
      if (['ids', 'id'].includes(key)) ids = v as string[];
      else texts = v as string[];
    } else tensors[key] = nestedToTensor(v, file, `'${key}'`);
  }
  // a sentence list alone ({texts: [...]}) is a sidecar; the caller pairs it with vectors
  if (Object.keys(tensors).length === 0 && !texts)
    fail(
      file,
      'missing-key',
      'at least one array of numbers',
      `keys ${quote(Object.keys(o).join(', '), 80) || 'none'}`,
    );
  return { tensors, ...(texts ? { texts } : {}), ...(ids ? { ids } : {}) };
}

/** Parse .json (or, with `lines`, .jsonl) vectors. */
export function parseJsonVectors(
  input: ArrayBuffer | Uint8Array | string,
  fileName = 'file.json',
  lines = fileName.toLowerCase().endsWith('.jsonl'),
): ParsedTable {
  const file = fileName;
  const text = decodeUtf8(input, file);
  if (text.trim() === '') fail(file, 'empty', 'JSON vectors', 'an empty file');
  try {
    if (lines) {
      const rows = text
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((l, i) => {
          try {
            return JSON.parse(l) as unknown;
          } catch (e) {
            fail(
              file,
              'bad-json',
              'one JSON value per line',
              `line ${i + 1}: ${(e as Error).message}`,
            );
          }
        });
      return fromRows(rows, file);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      fail(file, 'bad-json', 'valid JSON', `a syntax error (${(e as Error).message})`);
    }
    if (Array.isArray(value)) return fromRows(value, file);
    if (value !== null && typeof value === 'object')
      return fromObject(value as Record<string, unknown>, file);
    fail(
      file,
      'bad-json',
      'a list of vectors or an object of arrays',
      `a JSON ${value === null ? 'null' : typeof value}`,
    );
  } catch (e) {
    if (e instanceof DataFileError) throw e;
    // e.g. RangeError from a pathological nesting; still a file problem, never an uncaught crash
    fail(file, 'bad-json', 'JSON vectors', (e as Error).message);
  }
}
