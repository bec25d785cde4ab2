import { describe, expect, it } from 'vitest';
import { fetchWithProgress, HttpError, readStream } from './fetchWithProgress';

/** A real byte stream delivering `chunks` one read at a time; `cancelled` records a cancel. */
function stream(chunks: number[][]) {
  const state = { cancelled: false, pulls: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[state.pulls++];
      if (next) controller.enqueue(Uint8Array.from(next));
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

const respond = (body: BodyInit | null, headers: Record<string, string> = {}, status = 200) =>
  (async () => new Response(body, { status, headers })) as unknown as typeof fetch;

describe('fetchWithProgress', () => {
  it('reads a streamed body whole, reporting bytes against the Content-Length', async () => {
    const { body } = stream([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const seen: Array<[number, number]> = [];
    const bytes = await fetchWithProgress('/m.onnx', {
      fetchImpl: respond(body, { 'content-length': '6' }),
      onProgress: (d, t) => seen.push([d, t]),
    });
    expect(Array.from(new Uint8Array(bytes))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seen).toEqual([
      [2, 6],
      [4, 6],
      [6, 6],
    ]);
  });

  it('keeps every byte when the body outgrows its Content-Length (gzip), never past 100%', async () => {
    const { body } = stream([[1, 2, 3], [4, 5, 6], [7]]);
    const seen: number[] = [];
    const bytes = await fetchWithProgress('/d.npy', {
      fetchImpl: respond(body, { 'content-length': '4' }),
      onProgress: (d, t) => seen.push(d / t),
    });
    expect(Array.from(new Uint8Array(bytes))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...seen)).toBe(1);
  });

  it('reads a body of unknown length, reporting a total of 0', async () => {
    const { body } = stream([[9], [8, 7]]);
    const totals: number[] = [];
    const bytes = await fetchWithProgress('/x', {
      fetchImpl: respond(body),
      onProgress: (_d, t) => totals.push(t),
    });
    expect(Array.from(new Uint8Array(bytes))).toEqual([9, 8, 7]);
    expect(totals).toEqual([0, 0]);
  });

  it('throws an HttpError naming the URL and status', async () => {
    const err = await fetchWithProgress('/missing', { fetchImpl: respond(null, {}, 404) }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 404, message: 'Could not fetch /missing: HTTP 404' });
  });
});

describe('readStream', () => {
  it('stops between chunks when the signal aborts, cancelling the stream', async () => {
    const { body, state } = stream([[1], [2], [3]]);
    const controller = new AbortController();
    const read = readStream(body, 3, {
      signal: controller.signal,
      onProgress: (d) => d === 1 && controller.abort(),
    });
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
    expect(state.cancelled).toBe(true);
    expect(state.pulls).toBeLessThan(3);
  });
});
