import { readFileSync } from 'node:fs';

/** fixtures/rank/golden.json: the rank rule worked out by brute force, read by pytest as well. */
export interface RankGolden {
  d: number;
  k: number;
  top: number;
  bank: number[][];
  queries: number[][];
  target_idx: number[];
  context_idx: number[][];
  ranks: number[];
  ranks_without_exclusion: number[];
  top_ids: number[][];
  top_scores: number[][];
}

/** The golden rank fixture, parsed. */
export function readRankGolden(): RankGolden {
  return JSON.parse(
    readFileSync(new URL('../../fixtures/rank/golden.json', import.meta.url), 'utf8'),
  ) as RankGolden;
}
