/**
 * Windows that ask the bank the same question. A predictor that ignores its context (the global
 * mean) sends one query vector for every window, and every window then scores the bank the same
 * way: scoring it once, sorting the scores, and answering each window's rank by a binary search
 * costs one pass over the bank instead of one per window — and the int8 pass is at its worst on
 * such a query, whose targets sit mid-distribution where the error bound straddles the most rows.
 * Grouping is by bits, so a group's members give bit-identical scores; the ranks and top lists
 * are those of the per-window path (retrievalWasm.test.ts checks both against brute force).
 */
import { unpackRow } from './retrievalResult';
import type { SearchRequest, SearchResult } from './retrievalTypes';

/** A query vector shared by at least this many windows is scored once for all of them. */
export const SHARED_QUERY_MIN = 16;

export interface QueryGroups {
  /** rows sharing one query vector (the first is the one scored), SHARED_QUERY_MIN or more each */
  shared: Int32Array[];
  /** every other row, in order */
  rest: Int32Array;
}

/** Groups the [n, d] query rows that are bit-identical (and finite), `min` or more to a group. */
export function groupRepeatedQueries(
  queries: Float32Array,
  n: number,
  d: number,
  min = SHARED_QUERY_MIN,
): QueryGroups {
  const bits = new Uint32Array(queries.buffer, queries.byteOffset, n * d);
  const same = (a: number, b: number) => {
    for (let x = 0; x < d; x++) if (bits[a * d + x] !== bits[b * d + x]) return false;
    return true;
  };
  const byHash = new Map<number, number[][]>();
  const loose: number[] = [];
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    let finite = true;
    for (let x = i * d; x < (i + 1) * d; x++) {
      h = Math.imul(h ^ bits[x], 0x01000193);
      if (((bits[x] >>> 23) & 0xff) === 0xff) finite = false;
    }
    if (!finite) {
      loose.push(i);
      continue;
    }
    const bucket = byHash.get(h) ?? [];
    byHash.set(h, bucket);
    const group = bucket.find((g) => same(g[0], i));
    if (group) group.push(i);
    else bucket.push([i]);
  }
  const shared: Int32Array[] = [];
  for (const bucket of byHash.values())
    for (const g of bucket) {
      if (g.length >= min) shared.push(Int32Array.from(g));
      else loose.push(...g);
    }
  return { shared, rest: Int32Array.from(loose.sort((a, b) => a - b)) };
}

/** One query's exact scores over the whole bank, ready to answer any of its windows. */
export class SharedScores {
  private readonly sorted: Float64Array;
  /** the `t` best rows, best first (ties: lower row), and their scores */
  readonly topIds: number[];
  readonly topScores: number[];

  constructor(scores: Float64Array, t: number) {
    this.sorted = Float64Array.from(scores).sort();
    const ids: number[] = [];
    // one pass keeping the t best; rows come in id order and only a strictly higher score moves
    // a row ahead, so ties stay lower id first
    for (let j = 0; j < scores.length; j++) {
      const s = scores[j];
      if (ids.length === t && !(s > scores[ids[t - 1]])) continue;
      if (ids.length === t) ids.pop();
      let at = ids.length;
      while (at > 0 && s > scores[ids[at - 1]]) at--;
      ids.splice(at, 0, j);
    }
    this.topIds = ids;
    this.topScores = ids.map((j) => scores[j]);
  }

  /** How many rows score strictly above `s`. */
  above(s: number): number {
    const a = this.sorted;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] > s) hi = mid;
      else lo = mid + 1;
    }
    return a.length - lo;
  }
}

/** Bank rows scored between two turns of the event loop. */
const ROWS_PER_TURN = 4096;

/**
 * Ranks and top lists of every window of `group` into `result`, from one scoring of the bank:
 * `score(j)` is the group's exact score of bank row j (the kernel's own), `targetScore(row)` that
 * of window row's target, `turn()` yields to the event loop and throws when cancelled.
 */
export async function answerGroup(
  group: Int32Array,
  req: SearchRequest,
  result: SearchResult,
  run: {
    m: number;
    t: number;
    /** [n, kk] excluded rows, and their scores (filled here for the group's rows) */
    ctxIdx: Int32Array;
    ctxScores: Float64Array;
    kk: number;
    score: (j: number) => number;
    targetScore: (row: number) => number;
    turn: () => Promise<void>;
  },
): Promise<void> {
  const { m, kk, ctxIdx, ctxScores } = run;
  const scores = new Float64Array(m);
  for (let from = 0; from < m; from += ROWS_PER_TURN) {
    await run.turn();
    for (let j = from; j < Math.min(m, from + ROWS_PER_TURN); j++) scores[j] = run.score(j);
  }
  const answer = new SharedScores(scores, run.t);
  for (const row of group) {
    const targetScore = run.targetScore(row);
    for (let a = 0; a < kk; a++) {
      const e = ctxIdx[row * kk + a];
      if (e >= 0) ctxScores[row * kk + a] = scores[e];
    }
    unpackRow(result, row, req.targetIndex[row], {
      greater: answer.above(targetScore),
      targetScore,
      ctxIdx,
      ctxScores,
      ctxOffset: row * kk,
      kk,
      topIds: answer.topIds,
      topScores: answer.topScores,
      topOffset: 0,
      topCount: answer.topIds.length,
    });
  }
}
