/**
 * Range checks on a results bundle's values (docs/results-bundle.md): what a correct bundle can
 * hold, so that a damaged or hand-edited one is refused instead of showing Hit@1 100 % or MRR ∞.
 */
import { fail } from './errors';

/** |cos| may exceed 1 by float32 and float16 rounding, not more. */
export const COSINE_TOLERANCE = 1e-3;

/** An integer field of the manifest, at least `min`. */
export function integerField(
  obj: Record<string, unknown>,
  key: string,
  where: string,
  file: string,
  min: number,
): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    fail(
      file,
      'bad-json',
      `${where}.${key}: an integer ≥ ${min}`,
      v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)).slice(0, 40),
    );
  return v;
}

/** The first index of `values` failing `ok`, or -1. */
function firstBad<T extends ArrayLike<number>>(values: T, ok: (v: number, i: number) => boolean) {
  for (let i = 0; i < values.length; i++) if (!ok(values[i], i)) return i;
  return -1;
}

/** Bank rows of each window's target: -1 (not in the bank) or a row of the bank. */
export function checkTargetRows(rows: Int32Array, bankRows: number, file: string): void {
  const i = firstBad(rows, (r) => r >= -1 && r < bankRows);
  if (i >= 0)
    fail(
      file,
      'bad-shape',
      `target rows in -1..${bankRows - 1} (a bank of ${bankRows} rows)`,
      `${rows[i]} at window ${i}`,
    );
}

/** One model's arrays against its bank: ranks, cosines, neighbour ids and scores. */
export function checkModelValues(
  m: {
    id: string;
    ranks: Int32Array;
    cosines: Float32Array;
    topIds: Int32Array;
    topScores: Float32Array;
    top: number;
  },
  targetRows: Int32Array,
  bankRows: number,
  files: { ranks: string; cosines: string; topIds: string; topScores: string },
): void {
  // a target outside the bank can be outscored by every row: one rank more
  let i = firstBad(m.ranks, (r, w) => r >= 1 && r <= bankRows + (targetRows[w] < 0 ? 1 : 0));
  if (i >= 0)
    fail(
      files.ranks,
      'bad-shape',
      `ranks in 1..${bankRows} (a bank of ${bankRows} rows)`,
      `rank ${m.ranks[i]} at window ${i} (model ${m.id})`,
    );
  const unit = (c: number) => Number.isFinite(c) && Math.abs(c) <= 1 + COSINE_TOLERANCE;
  i = firstBad(m.cosines, unit);
  if (i >= 0)
    fail(
      files.cosines,
      'bad-shape',
      `finite cosines with |cos| ≤ ${1 + COSINE_TOLERANCE}`,
      `${m.cosines[i]} at window ${i} (model ${m.id})`,
    );
  i = firstBad(m.topIds, (id) => id >= -1 && id < bankRows);
  if (i >= 0)
    fail(
      files.topIds,
      'bad-shape',
      `bank rows in 0..${bankRows - 1}, or -1 for none`,
      `${m.topIds[i]} at window ${Math.floor(i / m.top)} (model ${m.id})`,
    );
  i = firstBad(m.topScores, (s, j) => m.topIds[j] < 0 || unit(s));
  if (i >= 0)
    fail(
      files.topScores,
      'bad-shape',
      `finite scores with |cos| ≤ ${1 + COSINE_TOLERANCE}`,
      `${m.topScores[i]} at window ${Math.floor(i / m.top)} (model ${m.id})`,
    );
}
