import type { Dataset } from '../data/types';

/**
 * SHA-256 of each loaded model's ONNX bytes, keyed by load id, so a report can name exactly which
 * file produced its figures. Kept outside the store: it is provenance, not something a view renders.
 */

const hashes = new Map<string, Promise<string>>();

/** Lower-case hex SHA-256 of `bytes` (Web Crypto; also present in Node and jsdom). */
export async function sha256Hex(bytes: ArrayBuffer | ArrayBufferView): Promise<string> {
  // Always a view: Node's Web Crypto (tests) rejects an ArrayBuffer made in another realm (jsdom's),
  // while any typed array passes; in a browser the two are the same.
  const view = ArrayBuffer.isView(bytes) ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', view as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Starts hashing a model's bytes under its load id. digest() copies the bytes when called, so the
 * caller may hand the buffer on (or detach it) right after.
 */
export function recordModelHash(loadId: string, bytes: ArrayBuffer): void {
  const p = sha256Hex(bytes);
  // a failed digest leaves the model unhashed rather than rejecting unobserved
  p.catch(() => hashes.delete(loadId));
  hashes.set(loadId, p);
}

/** The SHA-256 of the model loaded as `loadId`, or null when it was never recorded. */
export async function modelHash(loadId: string): Promise<string | null> {
  const p = hashes.get(loadId);
  return p ? p.catch(() => null) : null;
}

/** Records a SHA-256 known already (a results bundle names its models' hashes). */
export function recordModelHashValue(loadId: string, sha256: string): void {
  hashes.set(loadId, Promise.resolve(sha256));
}

/**
 * SHA-256 of the dataset's vectors as loaded (float32, little-endian, after dropped rows): the
 * stream, or a windows file's contexts followed by its targets. `python -m training evaluate`
 * writes the same hash into a results bundle.
 */
export async function datasetHash(dataset: Dataset): Promise<{ sha256: string; hashed: string }> {
  if (dataset.stream) {
    const { vectors, count } = dataset.stream;
    return {
      sha256: await sha256Hex(vectors),
      hashed: `stream, ${count} × ${dataset.dim} float32`,
    };
  }
  const { contexts, targets, count, k } = dataset.windows!;
  const both = new Float32Array(contexts.length + targets.length);
  both.set(contexts);
  both.set(targets, contexts.length);
  return {
    sha256: await sha256Hex(both),
    hashed: `${count} windows: contexts [${count}, ${k}, ${dataset.dim}] then targets, float32`,
  };
}
