/**
 * fixtures/npz_aliases.json is the one alias table; training/tests/test_npz_aliases.py reads the
 * same file. Every name in it must reach its role here, case-insensitively, first name first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NdArray } from './ndarray';
import { detectKeys, tableFromArrays } from './npzAliases';
import { bundle, f32 } from '../test/dataFixtures';

const TABLE = JSON.parse(readFileSync('fixtures/npz_aliases.json', 'utf8')) as {
  roles: Record<'contexts' | 'targets' | 'vectors' | 'article_ids' | 'bank', string[]>;
  strings: Record<'texts' | 'ids', string[]>;
};
const int1 = (n: number): NdArray => ({ data: new Int32Array(n), shape: [n], dtype: 'int32' });
const strings = (n: number) => ({ strings: Array<string>(n).fill('s'), shape: [n], dtype: '<U1' });
const up = (s: string) => s.toUpperCase();

/**
 * A file holding `names` for one role (at that role's rank), the arrays the role needs beside, and a
 * decoy of the same rank, so the name alone (not the shape fallback) decides.
 */
const ROLE_FILES = {
  contexts: (names: string[]) =>
    bundle({
      DECOY: f32([2, 3, 4]),
      ...Object.fromEntries(names.map((n) => [n, f32([2, 3, 4])])),
      TARGETS: f32([2, 4]),
    }),
  targets: (names: string[]) =>
    bundle({
      CONTEXTS: f32([2, 3, 4]),
      DECOY: f32([2, 4]),
      ...Object.fromEntries(names.map((n) => [n, f32([2, 4])])),
    }),
  bank: (names: string[]) =>
    bundle({
      CONTEXTS: f32([2, 3, 4]),
      TARGETS: f32([2, 4]),
      ...Object.fromEntries(names.map((n) => [n, f32([5, 4])])),
    }),
  vectors: (names: string[]) =>
    bundle({ DECOY: f32([5, 4]), ...Object.fromEntries(names.map((n) => [n, f32([5, 4])])) }),
  article_ids: (names: string[]) =>
    bundle({ VECTORS: f32([5, 4]), ...Object.fromEntries(names.map((n) => [n, int1(5)])) }),
};
const MAPPING_KEY = { article_ids: 'articleIds' } as Record<string, string>;

describe('the npz alias table (fixtures/npz_aliases.json)', () => {
  for (const [role, names] of Object.entries(TABLE.roles) as [
    keyof typeof ROLE_FILES,
    string[],
  ][]) {
    it(`finds every ${role} name, in any case, and prefers the first listed`, () => {
      const key = MAPPING_KEY[role] ?? role;
      for (const name of names) {
        const mapping = detectKeys(ROLE_FILES[role]([up(name)])).mapping as Record<string, string>;
        expect(mapping[key], name).toBe(up(name));
      }
      const all = detectKeys(ROLE_FILES[role](names.map(up).reverse())).mapping;
      expect((all as Record<string, string>)[key]).toBe(up(names[0]));
    });
  }

  for (const [role, names] of Object.entries(TABLE.strings) as ['texts' | 'ids', string[]][]) {
    it(`reads every string array named like ${role}`, () => {
      for (const name of names) {
        const table = tableFromArrays({ V: f32([1, 4]), [up(name)]: strings(1) }, 'f.npz');
        expect(table[role], name).toEqual(['s']);
      }
    });
  }
});
