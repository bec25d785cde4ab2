/** Helpers for the data tests: read a fixture, and the values numpy wrote next to it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBytes } from '../engine/testModels';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function fixture(name: string): ArrayBuffer {
  return readBytes(join(FIXTURES, name));
}

export interface Expected {
  shape: number[];
  dtype: string;
  values: number[];
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
