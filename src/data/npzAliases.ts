/** Which array names (npz keys, safetensors names, .npy stems, JSON keys) mean which role. */
import type { Bundle, KeyMapping } from './dataset';
import type { NdArray } from './ndarray';

/** Names accepted for each role, most specific first; compared case-insensitively. */
export const ALIASES: Record<keyof KeyMapping, string[]> = {
  contexts: ['contexts', 'context', 'ctx', 'x', 'inputs', 'input'],
  targets: ['targets', 'target', 'y', 'labels', 'label', 'next'],
  vectors: ['vectors', 'vector', 'embeddings', 'embedding', 'emb', 'embs', 'x', 'data', 'arr_0'],
  articleIds: ['article_ids', 'article_id', 'articles', 'article', 'doc_ids', 'doc_id', 'docs'],
  bank: ['bank', 'corpus'],
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
