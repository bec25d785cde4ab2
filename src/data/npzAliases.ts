/** Which array names (npz keys, safetensors names, .npy stems, JSON keys) mean which role. */
import type { Bundle, KeyMapping } from './types';
import { fail } from './errors';
import type { ParsedTable } from './json';
import type { NdArray, TextArray } from './ndarray';
import table from '../../fixtures/npz_aliases.json';

/**
 * Names accepted for each role, most specific first; compared case-insensitively. One table with
 * training/evaluate_bundle.py: fixtures/npz_aliases.json.
 */
export const ALIASES: Record<keyof KeyMapping, readonly string[]> = {
  contexts: table.roles.contexts,
  targets: table.roles.targets,
  vectors: table.roles.vectors,
  articleIds: table.roles.article_ids,
  bank: table.roles.bank,
};

/** Float dtypes a vector role accepts. */
export const isFloat = (t: NdArray) => t.dtype.startsWith('float') || t.dtype === 'bfloat16';
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

/** Names of string arrays holding one sentence per vector, most specific first. */
export const TEXT_ALIASES: readonly string[] = table.strings.texts;
/** Names of string arrays holding one id per vector. */
export const ID_ALIASES: readonly string[] = table.strings.ids;

/** The first string array whose name is in `aliases`, in alias order. */
function pickText(
  strings: Record<string, TextArray>,
  aliases: readonly string[],
): string | undefined {
  for (const alias of aliases) {
    const key = Object.keys(strings).find((k) => k.toLowerCase() === alias);
    if (key !== undefined) return key;
  }
  return undefined;
}

/** Strings as article ids: each distinct string gets the index of its first appearance. */
function articleIndex(values: string[]): NdArray {
  const index = new Map<string, number>();
  const data = Int32Array.from(values, (v) => {
    if (!index.has(v)) index.set(v, index.size);
    return index.get(v)!;
  });
  return { data, shape: [values.length], dtype: 'int32' };
}

/**
 * An archive's arrays as a table: numbers stay tensors; 1-D string arrays named like texts, ids or
 * article ids fill those roles; any other string array is skipped with a note.
 */
export function tableFromArrays(
  arrays: Record<string, NdArray | TextArray>,
  file: string,
): ParsedTable {
  // no prototypes: an array named __proto__ stays an array
  const tensors: Record<string, NdArray> = Object.create(null);
  const strings: Record<string, TextArray> = Object.create(null);
  for (const [key, a] of Object.entries(arrays)) {
    if (!('strings' in a)) tensors[key] = a;
    else strings[key] = a;
  }
  const table: ParsedTable = { tensors };
  const notes: string[] = [];
  const oneD = (key: string) => {
    const a = strings[key];
    if (a.shape.length !== 1)
      fail(
        file,
        'bad-shape',
        `'${key}' as strings [N]`,
        `shape [${a.shape.join(', ')}] ${a.dtype}`,
      );
    delete strings[key];
    return a.strings;
  };
  const texts = pickText(strings, TEXT_ALIASES);
  if (texts !== undefined) table.texts = oneD(texts);
  const ids = pickText(strings, ID_ALIASES);
  if (ids !== undefined) table.ids = oneD(ids);
  const articles = pickText(strings, ALIASES.articleIds);
  if (articles !== undefined) tensors[articles] = articleIndex(oneD(articles));
  for (const [key, a] of Object.entries(strings))
    notes.push(
      `ignored string array '${key}' [${a.shape.join(', ')}] ${a.dtype}: no role reads it`,
    );
  if (notes.length) table.notes = notes;
  return table;
}
