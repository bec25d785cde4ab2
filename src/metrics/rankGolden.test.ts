import { describe, expect, it } from 'vitest';
import { referenceRanks, referenceTopK, type RankQuery } from './rank';
import { normalizeRows } from './cosine';
import { valueGroups } from '../data/valueGroups';
import { readRankGolden } from '../test/rankGolden';

const golden = readRankGolden();

describe('the rank rule against the golden fixture', () => {
  const { d, k, top } = golden;
  const m = golden.bank.length;
  const n = golden.queries.length;
  const loaded = Float32Array.from(golden.bank.flat());
  const q: RankQuery = {
    queries: Float32Array.from(golden.queries.flat()),
    n,
    d,
    // scored as unit rows, grouped by the values as loaded (as the app does)
    bank: normalizeRows(loaded, m, d),
    m,
    targetIndex: Int32Array.from(golden.target_idx),
    contextIndex: Int32Array.from(golden.context_idx.flat()),
    k,
    groups: valueGroups(loaded, m, d),
  };

  it('keeps -0.0 apart from 0.0 and depends on the exclusion', () => {
    expect(Object.is(loaded[36 * d + 2], -0)).toBe(true);
    expect(Object.is(loaded[3 * d + 2], 0)).toBe(true);
    expect(golden.ranks).not.toEqual(golden.ranks_without_exclusion);
  });

  it('gives the fixture’s ranks (reference implementation)', () => {
    expect([...referenceRanks(q)]).toEqual(golden.ranks);
  });

  it('gives the fixture’s top-10 ids and cosines (reference implementation)', () => {
    for (let i = 0; i < n; i++) {
      const got = referenceTopK(q, i, top);
      expect(
        got.map((r) => r.index),
        `window ${i}`,
      ).toEqual(golden.top_ids[i]);
      const norm = Math.hypot(...golden.queries[i]);
      got.forEach((r, j) =>
        expect(Math.abs(r.score / norm - golden.top_scores[i][j])).toBeLessThan(1e-6),
      );
    }
  });
});
