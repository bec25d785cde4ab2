/** NumPy .npz reader (np.savez stored entries, np.savez_compressed deflated entries). */
import { unzipSync } from 'fflate';
import { LoadBudget } from './budget';
import { DataFileError, fail } from './errors';
import { quote, type NdArray, type TextArray } from './ndarray';
import { parseNpyArray } from './npy';

export const DEFAULT_MEMORY_BUDGET = 1024 ** 3;

export interface NpzOptions {
  /** most bytes the unpacked entries may take together; checked before anything is allocated */
  maxBytes?: number;
  /** the whole load's budget, shared with its other files (default: one of `maxBytes` for this archive) */
  budget?: LoadBudget;
  /** keep float16 arrays as their bits (see decodeElements) */
  keepHalf?: boolean;
}

/** Parse an .npz archive into named arrays (names without the .npy suffix); string arrays are decoded. */
export function parseNpz(
  buffer: ArrayBuffer | Uint8Array,
  fileName = 'file.npz',
  opts: NpzOptions = {},
): Record<string, NdArray | TextArray> {
  const file = fileName;
  const maxBytes = opts.maxBytes ?? DEFAULT_MEMORY_BUDGET;
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length === 0)
    fail(file, 'empty', 'a NumPy .npz (zip) archive', 'an empty file (0 bytes)');
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    fail(
      file,
      'bad-magic',
      "a zip archive (starting with 'PK')",
      `bytes ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')}`,
      `${file} is not an .npz (zip) archive: expected it to start with 'PK'`,
    );
  const budget = opts.budget ?? new LoadBudget(maxBytes);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (!f.name.endsWith('.npy')) return false;
        if (f.compression !== 0 && f.compression !== 8)
          fail(
            file,
            'bad-zip',
            'stored or deflated entries',
            `compression method ${f.compression} for ${quote(f.name)}`,
          );
        budget.take(f.originalSize, file, `entry ${quote(f.name)} unpacked`);
        if (f.compression === 0 && f.size !== f.originalSize)
          fail(
            file,
            'bad-zip',
            'a stored entry whose sizes agree',
            `${quote(f.name)}: ${f.size} vs ${f.originalSize} bytes`,
          );
        return true;
      },
    });
  } catch (e) {
    if (e instanceof DataFileError) throw e;
    fail(
      file,
      'bad-zip',
      'a complete, readable zip archive',
      `a damaged archive (${(e as Error).message})`,
      `${file} is not a readable .npz archive (truncated or damaged): ${(e as Error).message}`,
    );
  }
  const names = Object.keys(entries);
  if (names.length === 0) fail(file, 'missing-key', 'at least one .npy array inside', 'no arrays');
  // no prototype: an entry named __proto__.npy stays an entry
  const out: Record<string, NdArray | TextArray> = Object.create(null);
  names.forEach((name) => {
    const key = name.replace(/\.npy$/, '');
    try {
      out[key] = parseNpyArray(entries[name], `${file}/${quote(name, 80)}`, opts);
    } catch (e) {
      if (e instanceof DataFileError) throw e;
      fail(file, 'bad-zip', `a readable array in ${quote(name)}`, quote((e as Error).message, 200));
    }
  });
  return out;
}
