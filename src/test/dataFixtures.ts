/** Helpers for the data tests: read a fixture, and the values numpy wrote next to it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBytes } from './testModels';
import type { Bundle } from '../data/dataset';
import { DataFileError } from '../data/errors';
import type { NdArray } from '../data/ndarray';

export const FIXTURES = join(import.meta.dirname, '../data/fixtures');

export function fixture(name: string): ArrayBuffer {
  return readBytes(join(FIXTURES, name));
}

export interface Expected {
  shape: number[];
  dtype: string;
  /** numbers, or the decoded strings of a string array */
  values: Array<number | string>;
}

// non-finite values are written as the strings 'Infinity', '-Infinity', 'NaN'
export const expected: Record<string, Expected> = JSON.parse(
  readFileSync(join(FIXTURES, 'expected.json'), 'utf8'),
  (_k, v) => (typeof v === 'string' && /^-?Infinity$|^NaN$/.test(v) ? Number(v) : v),
);

/** Typed-array values as plain numbers (bigints converted) for exact comparison. */
export function values(data: ArrayLike<number | bigint>): number[] {
  return Array.from(data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** A float32 test tensor of `shape` filled by `fill(i)` (default 1, 2, 3 ...). */
export function f32(
  shape: number[],
  fill: (i: number) => number = (i) => i + 1,
): NdArray & { file: string } {
  const n = shape.reduce((a, b) => a * b, 1);
  return {
    data: Float32Array.from({ length: n }, (_, i) => fill(i)),
    shape,
    dtype: 'float32',
    file: 'f.npz',
  };
}

/** A bundle read from 'f.npz', with an optional sentence sidecar. */
export function bundle(tensors: Bundle['tensors'], texts?: string[]): Bundle {
  return {
    files: ['f.npz'],
    tensors,
    ...(texts ? { texts: { values: texts, file: 's.txt' } } : {}),
  };
}

/** The DataFileError `fn` throws (the test fails when it throws nothing or something else). */
export function dataError(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataFileError) return e;
    throw e;
  }
  throw new Error('expected a DataFileError');
}
