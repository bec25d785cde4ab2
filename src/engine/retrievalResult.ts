/**
 * The one place a search's raw output becomes a row of SearchResult, for every kernel (the WASM
 * int8 search and the onnxruntime fallbacks): the rank from the count of rows strictly above the
 * target (docs/metrics.md; excluded rows counted there are taken back out by rankFromCount), and
 * the top list with excluded rows dropped.
 */
import { rankFromCount } from '../metrics/rank';
import type { SearchResult } from './retrievalTypes';

export interface RawRow {
  /** rows scored strictly above the target, excluded rows included */
  greater: number;
  targetScore: number;
  /** [*, kk] excluded rows (-1 = none) and, from `ctxOffset`, their scores */
  ctxIdx: Int32Array;
  ctxScores: ArrayLike<number>;
  ctxOffset: number;
  kk: number;
  /** best first: bank ids (as numbers or int64) and scores, from `topOffset`, `topCount` of them */
  topIds: ArrayLike<number | bigint>;
  topScores: ArrayLike<number>;
  topOffset: number;
  topCount: number;
  /** added to each id (a chunk's first row) */
  idBase?: number;
}

/** Fill window `row` of `result` from one kernel's raw output for it. */
export function unpackRow(
  result: SearchResult,
  row: number,
  targetIndex: number,
  raw: RawRow,
): void {
  const { ctxIdx, ctxOffset, kk } = raw;
  result.targetScores[row] = raw.targetScore;
  result.ranks[row] = rankFromCount(
    raw.greater,
    targetIndex,
    raw.targetScore,
    ctxIdx,
    raw.ctxScores,
    ctxOffset,
    kk,
  );
  const topOut = result.top;
  let filled = 0;
  for (let j = 0; j < raw.topCount && filled < topOut; j++) {
    const id = Number(raw.topIds[raw.topOffset + j]) + (raw.idBase ?? 0);
    let excluded = false;
    for (let a = 0; a < kk; a++) if (ctxIdx[ctxOffset + a] === id) excluded = true;
    if (excluded) continue;
    result.topIndices[row * topOut + filled] = id;
    result.topScores[row * topOut + filled] = raw.topScores[raw.topOffset + j];
    if (result.exactTopScores)
      result.exactTopScores[row * topOut + filled] = raw.topScores[raw.topOffset + j];
    filled++;
  }
}

/** Sort candidates best first (ties: lower id) and keep the first `keep`, in place. */
export function keepBest(ids: number[], scores: number[], keep: number): void {
  const order = ids.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || ids[a] - ids[b]);
  const ki = order.slice(0, keep).map((o) => ids[o]);
  const ks = order.slice(0, keep).map((o) => scores[o]);
  ids.length = 0;
  scores.length = 0;
  ids.push(...ki);
  scores.push(...ks);
}
