/** NaN/Inf and all-zero rows: found in one pass, refused with where they are, or dropped on request. */
import { DataFileError, fail } from './errors';

export interface RowScan {
  nonFinite: number[];
  zero: number[];
}

/** Items (`per` rows of `dim` floats each) holding NaN/Inf, or else an all-zero row. */
export function scanRows(data: Float32Array, dim: number, per: number): RowScan {
  const nonFinite: number[] = [];
  const zero: number[] = [];
  const items = data.length / (dim * per);
  for (let i = 0; i < items; i++) {
    let bad = false;
    let anyZero = false;
    for (let r = 0; r < per && !bad; r++) {
      const off = (i * per + r) * dim;
      let allZero = true;
      for (let j = 0; j < dim; j++) {
        const v = data[off + j];
        if (v - v !== 0) {
          bad = true;
          break;
        }
        if (v !== 0) allZero = false;
      }
      if (allZero) anyZero = true;
    }
    if (bad) nonFinite.push(i);
    else if (anyZero) zero.push(i);
  }
  return { nonFinite, zero };
}

/** NaN/Inf or all-zero rows, refused with the count, the first rows and a hint that they can be dropped. */
function badRowsError(file: string, what: string, rows: number[], zero: boolean): never {
  const first = rows.slice(0, 5).join(', ') + (rows.length > 5 ? ', ...' : '');
  const problem = zero ? 'all-zero vectors' : 'NaN or Inf values';
  throw new DataFileError({
    file,
    code: zero ? 'zero-vectors' : 'non-finite',
    expected: 'finite, non-zero vectors',
    found: `${rows.length} ${what} with ${problem} (${what} ${first})`,
    message: `${file} has ${rows.length} ${what} with ${problem} (${what} ${first}); expected finite, non-zero vectors. They can be dropped.`,
    extra: { count: rows.length, firstRows: rows.slice(0, 20), droppable: true },
  });
}

/**
 * The items to keep out of `n`, or null when every item is clean. An item is bad when any scan
 * marks it; bad items are refused (NaN/Inf first) unless `drop` is set.
 */
export function cleanItems(
  file: string,
  what: 'rows' | 'windows',
  n: number,
  scans: RowScan[],
  drop: boolean,
): number[] | null {
  const nonFinite = new Set(scans.flatMap((s) => s.nonFinite));
  const zero = new Set(scans.flatMap((s) => s.zero).filter((i) => !nonFinite.has(i)));
  const sorted = (s: Set<number>) => [...s].sort((a, z) => a - z);
  if (!drop && nonFinite.size) badRowsError(file, what, sorted(nonFinite), false);
  if (!drop && zero.size) badRowsError(file, what, sorted(zero), true);
  if (nonFinite.size + zero.size === 0) return null;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!nonFinite.has(i) && !zero.has(i)) keep.push(i);
  if (!keep.length)
    fail(
      file,
      'non-finite',
      `at least one clean ${what === 'windows' ? 'window' : 'vector'}`,
      `none after dropping bad ${what}`,
    );
  return keep;
}

/** The rows `keep` (each `rowLen` floats) copied into a new compact array. */
export function keepRows(data: Float32Array, rowLen: number, keep: number[]): Float32Array {
  const out = new Float32Array(keep.length * rowLen);
  keep.forEach((r, i) => out.set(data.subarray(r * rowLen, (r + 1) * rowLen), i * rowLen));
  return out;
}
