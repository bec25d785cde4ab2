/**
 * Target ranks per docs/metrics.md: rank = 1 + #{ j not excluded, j != t, score[j] > score[t] }.
 * Ties count in the target's favour; the window's own context indices are excluded.
 */
import { dotRows } from './cosine';

/**
 * 1 + greater - (excluded entries that were counted as greater). `contextIndex` row i holds k bank
 * indices (-1 = unknown, not excluded) and `contextScores` their scores, from the same computation as
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

/** Bank indices that are excluded for window i (its known context indices). */
export function excludedSet(contextIndex: Int32Array, i: number, k: number): Set<number> {
  const out = new Set<number>();
  for (let a = 0; a < k; a++) if (contextIndex[i * k + a] >= 0) out.add(contextIndex[i * k + a]);
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
  /** [n, k] bank indices of each window's context, -1 = unknown */
  contextIndex: Int32Array;
  k: number;
  /** [n, d] target vectors, used only for rows whose target is not in the bank */
  targets?: Float32Array;
}

/** Reference implementation: one query at a time, plain loops. For tests and rare fallbacks only. */
export function referenceRanks(q: RankQuery, rows?: number[]): Int32Array {
  const out = new Int32Array(q.n);
  const scores = new Float64Array(q.m);
  for (const i of rows ?? Array.from({ length: q.n }, (_, r) => r)) {
    for (let j = 0; j < q.m; j++) scores[j] = dotRows(q.queries, i, q.bank, j, q.d);
    const t = q.targetIndex[i];
    let ts: number;
    if (t >= 0) ts = scores[t];
    else if (q.targets) ts = dotRows(q.queries, i, q.targets, i, q.d);
    else throw new Error(`Window ${i} has no target in the bank and no target vector`);
    const excluded = excludedSet(q.contextIndex, i, q.k);
    let greater = 0;
    for (let j = 0; j < q.m; j++) if (j !== t && !excluded.has(j) && scores[j] > ts) greater++;
    out[i] = 1 + greater;
  }
  return out;
}

/** Reference top-k (bank index, score) for one query, excluded indices skipped, best first. */
export function referenceTopK(
  q: RankQuery,
  i: number,
  top: number,
): { index: number; score: number }[] {
  const excluded = excludedSet(q.contextIndex, i, q.k);
  const all: { index: number; score: number }[] = [];
  for (let j = 0; j < q.m; j++)
    if (!excluded.has(j)) all.push({ index: j, score: dotRows(q.queries, i, q.bank, j, q.d) });
  all.sort((a, b) => b.score - a.score || a.index - b.index);
  return all.slice(0, top);
}
