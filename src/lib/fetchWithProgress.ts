/** Read a download or a File's stream into one buffer, reporting bytes as they arrive. */
import { CancelledError } from './worker-rpc';

/** Bytes read so far and the expected total (0 when the size is unknown). */
export type ByteProgress = (done: number, total: number) => void;

export interface ProgressOptions {
  onProgress?: ByteProgress;
  /** stops reading between chunks (the stream is cancelled) and rejects with an AbortError */
  signal?: AbortSignal;
}

/** A fetch answered with a non-2xx status. */
export class HttpError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`Could not fetch ${url}: HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/**
 * Read a byte stream into one ArrayBuffer. `size` (0 when unknown) lets the buffer be allocated
 * once; a stream that delivers more (a gzip response's length is the compressed size) grows it.
 */
export async function readStream(
  body: ReadableStream<Uint8Array>,
  size: number,
  opts: ProgressOptions = {},
): Promise<ArrayBuffer> {
  const reader = body.getReader();
  let out = new Uint8Array(size);
  let done = 0;
  for (;;) {
    if (opts.signal?.aborted) {
      await reader.cancel();
      throw new CancelledError();
    }
    const r = await reader.read();
    if (r.done) break;
    if (done + r.value.length > out.length) {
      const grown = new Uint8Array(Math.max(out.length * 2, done + r.value.length));
      grown.set(out.subarray(0, done));
      out = grown;
    }
    out.set(r.value, done);
    done += r.value.length;
    // a size that proved too small is no total: report the bytes so far so the fraction stays <= 1
    opts.onProgress?.(done, size && Math.max(size, done));
  }
  return done === out.length ? out.buffer : out.buffer.slice(0, done);
}

/** Fetch a URL's bytes with progress (the total is the Content-Length); throws HttpError on a non-2xx status. */
export async function fetchWithProgress(
  url: string,
  opts: ProgressOptions & { fetchImpl?: typeof fetch } = {},
): Promise<ArrayBuffer> {
  const res = await (opts.fetchImpl ?? fetch)(url, { signal: opts.signal });
  if (!res.ok) throw new HttpError(url, res.status);
  if (!res.body) return res.arrayBuffer();
  return readStream(res.body, Number(res.headers.get('content-length')) || 0, opts);
}
