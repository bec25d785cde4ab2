/**
 * Target ranks per docs/metrics.md: rank = 1 + #{ j not excluded, j != t, score[j] > score[t] }.
 * Ties count in the target's favour; the window's own context vectors are excluded by value: every
 * bank row bit-identical to one of them (see data/valueGroups.ts).
 */
import { dotRows } from './cosine';
import { valueGroups, type ValueGroups } from '../data/valueGroups';

/**
 * 1 + greater - (excluded entries that were counted as greater). `contextIndex` row i holds k
 * excluded bank indices (-1 = none) and `contextScores` their scores, from the same computation as
 * `targetScore` so that exact ties stay ties.
 */
export function rankFromCount(
  greater: number,
  targetIndex: number,
  targetScore: number,
  contextIndex: Int32Array,
  contextScores: ArrayLike<number>,
  offset: number,
  k: number,
): number {
  let excluded = 0;
  for (let a = 0; a < k; a++) {
    const c = contextIndex[offset + a];
    if (c < 0 || c === targetIndex) continue;
    let seen = false;
    for (let b = 0; b < a; b++) if (contextIndex[offset + b] === c) seen = true;
    if (!seen && contextScores[offset + a] > targetScore) excluded++;
  }
  return 1 + greater - excluded;
}

/**
 * Bank rows excluded for window i: every row in the value group of one of its known context
 * indices, except its target row.
 */
export function excludedSet(q: RankQuery, groups: ValueGroups, i: number): Set<number> {
  const contextGroups = new Set<number>();
  for (let a = 0; a < q.k; a++) {
    const c = q.contextIndex[i * q.k + a];
    if (c >= 0) contextGroups.add(groups.first[c]);
  }
  const out = new Set<number>();
  if (contextGroups.size)
    for (let j = 0; j < q.m; j++)
      if (j !== q.targetIndex[i] && contextGroups.has(groups.first[j])) out.add(j);
  return out;
}

export interface RankQuery {
  /** [n, d] predictions (need not be unit length: ranks do not depend on the query norm) */
  queries: Float32Array;
  n: number;
  d: number;
  /** [m, d] unit bank vectors */
  bank: Float32Array;
  m: number;
  /** bank index of each target; -1 when the target is not in the bank (then `targets` must be given) */
  targetIndex: Int32Array;
  /** [n, k] bank index of a row holding each context vector, -1 = not in the bank */
  contextIndex: Int32Array;
  k: number;
  /** [n, d] target vectors, used only for rows whose target is not in the bank */
  targets?: Float32Array;
  /** value groups of the bank rows as loaded (default: grouped from `bank` itself) */
  groups?: ValueGroups;
}

/** Reference implementation: one query at a time, plain loops. For tests and rare fallbacks only. */
export function referenceRanks(q: RankQuery, rows?: number[]): Int32Array {
  const out = new Int32Array(q.n);
  const scores = new Float64Array(q.m);
  const groups = q.groups ?? valueGroups(q.bank, q.m, q.d);
  for (const i of rows ?? Array.from({ length: q.n }, (_, r) => r)) {
    for (let j = 0; j < q.m; j++) scores[j] = dotRows(q.queries, i, q.bank, j, q.d);
    const t = q.targetIndex[i];
    let ts: number;
    if (t >= 0) ts = scores[t];
    else if (q.targets) ts = dotRows(q.queries, i, q.targets, i, q.d);
    else throw new Error(`Window ${i} has no target in the bank and no target vector`);
    const excluded = excludedSet(q, groups, i);
    let greater = 0;
    for (let j = 0; j < q.m; j++) if (j !== t && !excluded.has(j) && scores[j] > ts) greater++;
    out[i] = 1 + greater;
  }
  return out;
}

/** Reference top-k (bank index, score) for one query, excluded rows skipped, best first. */
export function referenceTopK(
  q: RankQuery,
  i: number,
  top: number,
): { index: number; score: number }[] {
  const excluded = excludedSet(q, q.groups ?? valueGroups(q.bank, q.m, q.d), i);
  const all: { index: number; score: number }[] = [];
  for (let j = 0; j < q.m; j++)
    if (!excluded.has(j)) all.push({ index: j, score: dotRows(q.queries, i, q.bank, j, q.d) });
  all.sort((a, b) => b.score - a.score || a.index - b.index);
  return all.slice(0, top);
}
