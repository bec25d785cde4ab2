/** Fetch the array a role was mapped to, refusing a missing key, a wrong rank or an empty axis. */
import type { Bundle } from './types';
import { fail } from './errors';
import { quote, type NdArray } from './ndarray';

export type FileTensor = NdArray & { file: string };

/** The array under `key`, or a DataFileError listing the keys there are. */
export function tensor(b: Bundle, key: string, role: string): FileTensor {
  const t = b.tensors[key];
  if (!t)
    fail(
      b.files.join(', '),
      'missing-key',
      `an array '${key}' for ${role}`,
      `keys ${quote(Object.keys(b.tensors).join(', '), 80)}`,
    );
  return t;
}

/** The array under `key` with rank `rank` and no empty axis (`shapeText` names the shape in messages). */
export function floatTensor(
  b: Bundle,
  key: string,
  role: string,
  rank: number,
  shapeText: string,
): FileTensor {
  const t = tensor(b, key, role);
  if (t.shape.length !== rank)
    fail(
      t.file,
      'bad-shape',
      `${role} '${key}' of shape ${shapeText}`,
      `shape [${t.shape.join(', ')}]`,
      `${t.file}: '${key}' has shape [${t.shape.join(', ')}] (rank ${t.shape.length}); ${role} must be ${shapeText}`,
    );
  if (t.shape.some((s) => s === 0))
    fail(
      t.file,
      'bad-shape',
      `at least one ${role === 'contexts' ? 'window' : 'vector'} in '${key}'`,
      `shape [${t.shape.join(', ')}]`,
    );
  return t;
}
