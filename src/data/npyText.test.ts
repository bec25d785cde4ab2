import { describe, expect, it } from 'vitest';
import type { TextArray } from './ndarray';
import { parseNpy, parseNpyArray } from './npy';
import { parseNpz } from './npz';
import { dataError, expected, fixture } from '../test/dataFixtures';

describe('numpy string arrays', () => {
  it.each([
    ['strings_u.npz', 'texts'],
    ['strings_s.npz', 'texts'],
    ['strings_be.npz', 'sentences'],
  ])(
    "reads %s/%s as numpy wrote it ('<U' non-ASCII and astral, '|S' UTF-8 or latin-1, '>U')",
    (name, key) => {
      const a = parseNpz(fixture(name), name)[key] as TextArray;
      const want = expected[`${name}/${key}`];
      expect(a).toEqual({ strings: want.values, shape: want.shape, dtype: want.dtype });
    },
  );

  it('rewrites a Fortran-order string array in C order', () => {
    const a = parseNpyArray(fixture('strings_fortran.npy')) as TextArray;
    expect(a.strings).toEqual(expected['strings_fortran.npy'].values);
    expect(a.shape).toEqual([2, 3]);
  });

  it('still refuses an object array of strings (never unpickles), and strings where numbers are needed', () => {
    expect(dataError(() => parseNpz(fixture('bad_object_texts.npz'), 'o.npz')).code).toBe(
      'object-array',
    );
    expect(dataError(() => parseNpy(fixture('strings_fortran.npy'), 's.npy')).message).toContain(
      "dtype '<U1' (strings)",
    );
  });
});
