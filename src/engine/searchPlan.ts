import { expandExclusions, type ValueGroups } from '../data/valueGroups';
import type { SearchRequest, SearchResult } from './retrievalTypes';
import type { Backend } from './types';

/**
 * What a search over an [m, d] bank (float32 or float16) sets up from its request: the excluded
 * rows per query (each context's whole value group, so a row may exclude more than k entries),
 * their width `kk` (at least 1), the top-list length `t` to ask for so that `top` survive the
 * exclusions, and the result to fill.
 */
export function planSearch(
  req: SearchRequest,
  bank: { m: number; d: number; groups: ValueGroups },
  backend: Backend,
) {
  const { n, k, top } = req;
  const { m, d } = bank;
  if (req.queries.length !== n * d) throw new Error(`Queries are not [${n}, ${d}]`);
  const exclusions = expandExclusions(req.contextIndex, n, k, req.targetIndex, bank.groups);
  const topOut = Math.min(top, m);
  const result: SearchResult = {
    n,
    top: topOut,
    ranks: new Int32Array(n),
    targetScores: new Float32Array(n),
    topIndices: new Int32Array(n * topOut),
    topScores: new Float32Array(n * topOut),
    backend,
    wallMs: 0,
  };
  return {
    exclusions,
    kk: Math.max(exclusions.width, 1),
    t: Math.min(m, top + exclusions.width),
    topOut,
    result,
  };
}
