/** Reading a user's File into memory: the default budget of one load, and a read with progress. */
import { readStream } from '../lib/fetchWithProgress';
import { fail } from './errors';

/** Bytes one load may read by default (1 GB), over all its files. */
export const DEFAULT_FILE_BUDGET = 1024 ** 3;

/** Read a File into one buffer, reporting progress. */
export async function readFile(
  file: File,
  onProgress?: (done: number) => void,
  signal?: AbortSignal,
): Promise<ArrayBuffer> {
  if (typeof file.stream !== 'function') return file.arrayBuffer();
  const bytes = await readStream(file.stream(), file.size, { signal, onProgress });
  if (bytes.byteLength > file.size)
    fail(file.name, 'size-mismatch', `${file.size} bytes`, 'more bytes than the file announced');
  return bytes;
}
