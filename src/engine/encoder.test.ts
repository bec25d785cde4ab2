import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseNpy } from '../data/npy';
import { toFloat32 } from '../data/ndarray';
import { cosineRows } from '../metrics/cosine';
import { padBatch, SentenceEncoder } from './encoderCore';
import { readEncoderFiles } from './encoderNode';
import { getOrt } from './ort';

const FIXTURES = new URL('../../e2e/fixtures/encoder/', import.meta.url);
const sentences = JSON.parse(readFileSync(new URL('sentences.json', FIXTURES), 'utf8')) as string[];
// A copy: parseNpy reads the bytes' own ArrayBuffer, and a Node Buffer may sit inside a shared pool.
const expected = toFloat32(
  parseNpy(new Uint8Array(readFileSync(new URL('embeddings.npy', FIXTURES)))),
);

let encoder: SentenceEncoder;
beforeAll(async () => {
  encoder = await SentenceEncoder.create(getOrt, readEncoderFiles());
});

describe('sentence encoder (ONNX + JS tokenizer) vs sentence-transformers', () => {
  it('matches the Python embeddings of 200 shipped sentences with cosine >= 0.999 each', async () => {
    expect(sentences).toHaveLength(200);
    const progress: number[] = [];
    const got = await encoder.embed(sentences, { progress: (done) => progress.push(done) });
    const cos = cosineRows(got, expected, 200, 384);
    const worst = cos.reduce((w, c, i) => (c < cos[w] ? i : w), 0);
    expect(cos[worst], `sentence ${worst}: ${sentences[worst]}`).toBeGreaterThanOrEqual(0.999);
    expect(progress.at(-1)).toBe(200);
  });

  it('gives the same vector alone as inside a padded batch', async () => {
    const batch = await encoder.embed([sentences[0], sentences[1], sentences[2]]);
    const alone = await encoder.embed([sentences[1]]);
    const cos = cosineRows(batch.subarray(384, 768), alone, 1, 384)[0];
    expect(cos).toBeGreaterThan(0.99999);
  });

  it('truncates long text to max_seq_length tokens, keeping [CLS] ... [SEP]', () => {
    const long = 'word '.repeat(600);
    expect(encoder.tokenCounts([long, 'Hello world.'])).toEqual([256, 5]);
    const v = encoder.embed([long]);
    return expect(v).resolves.toHaveLength(384);
  });

  it('stops between batches when cancelled', async () => {
    await expect(encoder.embed(sentences, { cancelled: true })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('padBatch', () => {
  it('pads right with 0 and masks the padding', () => {
    const { ids, mask, t } = padBatch([
      [101, 7, 102],
      [101, 102],
    ]);
    expect(t).toBe(3);
    expect([...ids]).toEqual([101n, 7n, 102n, 101n, 102n, 0n]);
    expect([...mask]).toEqual([1n, 1n, 1n, 1n, 1n, 0n]);
  });
});
