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
