/**
 * Bank rows grouped by value (docs/metrics.md, "excluded"): rows whose float32 bits are identical
 * form one group, so a window's context is excluded wherever its vector occurs in the bank. Linear
 * in the bank's size: rows are hashed, and only rows with equal hashes are compared.
 */

import { toHalfRows } from './halfBankStorage';
import { toFloat32 } from './ndarray';

/** Value groups of a bank, as plain arrays (they cross the worker boundary). */
export interface ValueGroups {
  /** [m] first row holding the same bits as row j: the group's id */
  first: Int32Array;
  /** [m] next row of the same group after j, -1 at the end (walk from `first[j]`) */
  next: Int32Array;
}

function bitsOf(vectors: Float32Array): Uint32Array {
  return new Uint32Array(vectors.buffer, vectors.byteOffset, vectors.length);
}

function rowHash(bits: Uint32Array, offset: number, d: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < d; i++) h = Math.imul(h ^ bits[offset + i], 0x01000193);
  return h;
}

function sameRow(a: Uint32Array, ao: number, b: Uint32Array, bo: number, d: number): boolean {
  for (let i = 0; i < d; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

/** Lookup of a bank's rows by their bits: hash -> first rows of the groups with that hash. */
class RowTable {
  private readonly byHash = new Map<number, number[]>();
  private readonly bits: Uint32Array;

  constructor(
    bank: Float32Array,
    private readonly d: number,
  ) {
    this.bits = bitsOf(bank);
  }

  /** First bank row (already added) with the same bits as `row` of `bits`, or -1. */
  find(bits: Uint32Array, row: number, hash = rowHash(bits, row * this.d, this.d)): number {
    for (const r of this.byHash.get(hash) ?? [])
      if (sameRow(this.bits, r * this.d, bits, row * this.d, this.d)) return r;
    return -1;
  }

  add(row: number, hash: number): void {
    const rows = this.byHash.get(hash);
    if (rows) rows.push(row);
    else this.byHash.set(hash, [row]);
  }

  /** Group the bank's m rows in order; returns the groups. */
  static group(bank: Float32Array, m: number, d: number): { table: RowTable; groups: ValueGroups } {
    const table = new RowTable(bank, d);
    const first = new Int32Array(m);
    const next = new Int32Array(m).fill(-1);
    const last = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      const h = rowHash(table.bits, j * d, d);
      const g = table.find(table.bits, j, h);
      if (g < 0) {
        table.add(j, h);
        first[j] = last[j] = j;
      } else {
        first[j] = g;
        next[last[g]] = j;
        last[g] = j;
      }
    }
    return { table, groups: { first, next } };
  }
}

/** Group the rows of a bank [m, d] by identical float32 bits. */
export function valueGroups(bank: Float32Array, m: number, d: number): ValueGroups {
  if (bank.length !== m * d) throw new Error(`Bank has ${bank.length} values, not ${m}x${d}`);
  return RowTable.group(bank, m, d).groups;
}

/**
 * For each row of each `vectors` array ([count, d]), the first bank row with identical bits, or -1
 * when the vector is not in the bank. O((m + count) * d).
 */
export function locateByValue(
  bank: Float32Array,
  m: number,
  d: number,
  ...vectors: Float32Array[]
): Int32Array[] {
  const { table } = RowTable.group(bank, m, d);
  return vectors.map((v) => {
    const bits = bitsOf(v);
    return Int32Array.from({ length: v.length / d }, (_, i) => table.find(bits, i));
  });
}

/**
 * Bank rows excluded for each window: every member of the value group of each known context index
 * (-1 = none), never the window's own target row, each row once. Returns [n, width] rows padded
 * with -1, width = the most any window excludes (k when the bank has no duplicates).
 */
export function expandExclusions(
  contextIndex: Int32Array,
  n: number,
  k: number,
  targetIndex: Int32Array,
  groups: ValueGroups,
): { index: Int32Array; width: number } {
  const lists: number[][] = [];
  let width = 0;
  for (let i = 0; i < n; i++) {
    const list: number[] = [];
    const seen: number[] = [];
    for (let a = 0; a < k; a++) {
      const c = contextIndex[i * k + a];
      if (c < 0) continue;
      const g = groups.first[c];
      if (seen.includes(g)) continue;
      seen.push(g);
      for (let j = g; j >= 0; j = groups.next[j]) if (j !== targetIndex[i]) list.push(j);
    }
    lists.push(list);
    width = Math.max(width, list.length);
  }
  const index = new Int32Array(n * width).fill(-1);
  lists.forEach((list, i) => index.set(list, i * width));
  return { index, width };
}

/**
 * Float16 rows [m, d] seen as d/2 float32-sized words each: two rows hold the same bits exactly when
 * their words do, so grouping needs no widened copy. Null when d is odd (or the view is unaligned).
 */
function halfWords(bits: Uint16Array, d: number): Float32Array | null {
  if (d % 2 || bits.byteOffset % 4) return null;
  return new Float32Array(bits.buffer, bits.byteOffset, bits.length / 2);
}

/** Value groups of a float16 bank [m, d] (rows with the same bits; the same groups as its widening). */
export function halfValueGroups(bits: Uint16Array, m: number, d: number): ValueGroups {
  const words = halfWords(bits, d);
  if (words) return valueGroups(words, m, d / 2);
  return valueGroups(toFloat32({ data: bits, shape: [m, d], dtype: 'float16' }), m, d);
}

/** locateByValue against a float16 bank: float32 rows no float16 widens to are found nowhere. */
function locateInHalf(bank: Uint16Array, m: number, d: number, ...vectors: Float32Array[]) {
  const rows = vectors.map((v) => toHalfRows(v, d));
  const words = halfWords(bank, d);
  const found = words
    ? locateByValue(words, m, d / 2, ...rows.map((r) => halfWords(r.bits, d)!))
    : locateByValue(toFloat32({ data: bank, shape: [m, d], dtype: 'float16' }), m, d, ...vectors);
  found.forEach((idx, i) => idx.forEach((_, r) => rows[i].exact[r] || (idx[r] = -1)));
  return found;
}

/**
 * Where a windows file's targets and contexts sit in its bank, found by value since the file has no
 * stream rows (-1 = not in the bank). A bank that is the targets array itself maps target i to i.
 */
export function locateWindows(
  bank: { vectors: Float32Array; count: number; half?: Uint16Array },
  targets: Float32Array,
  contexts: Float32Array,
  n: number,
  d: number,
): { targetIndex: Int32Array; contextIndex: Int32Array } {
  if (bank.half) {
    const [targetIndex, contextIndex] = locateInHalf(bank.half, bank.count, d, targets, contexts);
    return { targetIndex, contextIndex };
  }
  if (bank.vectors === targets) {
    const [contextIndex] = locateByValue(bank.vectors, bank.count, d, contexts);
    return { targetIndex: Int32Array.from({ length: n }, (_, i) => i), contextIndex };
  }
  const [targetIndex, contextIndex] = locateByValue(bank.vectors, bank.count, d, targets, contexts);
  return { targetIndex, contextIndex };
}
