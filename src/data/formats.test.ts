import { describe, expect, it } from 'vitest';
import { DataFileError } from './errors';
import { parseJsonVectors } from './json';
import type { NdArray } from './ndarray';
import { parseNpz } from './npz';
import { parseSafetensors } from './safetensors';
import { pairTexts, parseSidecar } from './sidecar';
import { expected, fixture, values } from '../test/dataFixtures';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    expect((e as Error).message.length).toBeGreaterThan(0);
    return (e as DataFileError).code;
  }
  throw new Error('expected a DataFileError');
}

describe('parseNpz', () => {
  it('reads np.savez (stored) windows exactly', () => {
    const z = parseNpz(fixture('windows.npz'), 'windows.npz') as Record<string, NdArray>;
    expect(Object.keys(z).sort()).toEqual(['contexts', 'targets']);
    for (const k of ['contexts', 'targets']) {
      expect(z[k].shape).toEqual(expected[`windows.npz/${k}`].shape);
      expect(values(z[k].data)).toEqual(expected[`windows.npz/${k}`].values);
    }
  });

  it('reads np.savez_compressed (deflated) streams with int64 ids', () => {
    const z = parseNpz(fixture('stream.npz'), 'stream.npz') as Record<string, NdArray>;
    expect(values(z.embeddings.data)).toEqual(expected['stream.npz/embeddings'].values);
    expect(z.doc_ids.data).toBeInstanceOf(BigInt64Array);
    expect(values(z.doc_ids.data)).toEqual(expected['stream.npz/doc_ids'].values);
  });

  it('reads float16 inside an npz', () => {
    const z = parseNpz(fixture('mixed_f2.npz')) as Record<string, NdArray>;
    expect(values(z.X.data)).toEqual(expected['mixed_f2.npz/X'].values);
  });

  it('refuses an entry declaring more than the budget before unpacking it', () => {
    expect(codeOf(() => parseNpz(fixture('bad_zip_bomb_header.npz'), 'bomb.npz'))).toBe(
      'too-large',
    );
    expect(codeOf(() => parseNpz(fixture('windows.npz'), 'w.npz', { maxBytes: 500 }))).toBe(
      'too-large',
    );
  });

  it('refuses truncated, empty and non-zip files', () => {
    expect(codeOf(() => parseNpz(fixture('bad_truncated.npz'), 't.npz'))).toBe('bad-zip');
    expect(codeOf(() => parseNpz(new ArrayBuffer(0), 'e.npz'))).toBe('empty');
    expect(codeOf(() => parseNpz(fixture('f4_le_v1.npy'), 'n.npz'))).toBe('bad-magic');
  });
});

describe('parseSafetensors (files written by the safetensors package)', () => {
  it('reads F32, F16, BF16, F64, I32 and I64 exactly', () => {
    const { tensors, metadata } = parseSafetensors(fixture('tensors.safetensors'));
    expect(metadata).toEqual({ source: 'fixture' });
    for (const k of ['vectors', 'half', 'bf', 'double', 'ids32', 'ids64']) {
      const e = expected[`tensors.safetensors/${k}`];
      expect(tensors[k].shape).toEqual(e.shape);
      expect(values(tensors[k].data)).toEqual(e.values);
    }
    expect(tensors.half.data).toBeInstanceOf(Float32Array);
    expect(tensors.ids32.data).toBeInstanceOf(Int32Array);
  });

  it('refuses truncated data and a header length past the end', () => {
    expect(codeOf(() => parseSafetensors(fixture('bad_truncated.safetensors'), 't'))).toBe(
      'truncated',
    );
    expect(codeOf(() => parseSafetensors(fixture('bad_header_len.safetensors'), 'h'))).toBe(
      'truncated',
    );
  });

  it('refuses offsets that disagree with the shape', () => {
    const header = JSON.stringify({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } });
    const buf = new Uint8Array(8 + header.length + 8);
    new DataView(buf.buffer).setBigUint64(0, BigInt(header.length), true);
    buf.set(new TextEncoder().encode(header), 8);
    expect(codeOf(() => parseSafetensors(buf, 'o.safetensors'))).toBe('bad-offsets');
  });
});

describe('parseJsonVectors', () => {
  const v = expected['vectors.json'];
  it('reads an array of vectors', () => {
    const t = parseJsonVectors(fixture('vectors.json'), 'vectors.json');
    expect(t.tensors.vectors.shape).toEqual(v.shape);
    expect(values(t.tensors.vectors.data)).toEqual(v.values);
  });

  it.each(['objects.json', 'objects.jsonl'])(
    'reads objects {vector, text, id, article} from %s',
    (name) => {
      const t = parseJsonVectors(fixture(name), name);
      expect(values(t.tensors.vectors.data)).toEqual(v.values);
      expect(t.texts).toEqual(['Sentence 0.', 'Sentence 1.', 'Sentence 2.', 'Sentence 3.']);
      expect(t.ids).toEqual(['s0', 's1', 's2', 's3']);
      expect(values(t.tensors.article_ids.data)).toEqual([0, 0, 1, 1]);
    },
  );

  it('reads an object of named arrays', () => {
    const t = parseJsonVectors(
      JSON.stringify({
        contexts: [[[1, 2]], [[3, 4]]],
        targets: [
          [5, 6],
          [7, 8],
        ],
        texts: ['a', 'b'],
      }),
      'w.json',
    );
    expect(t.tensors.contexts.shape).toEqual([2, 1, 2]);
    expect(values(t.tensors.targets.data)).toEqual([5, 6, 7, 8]);
    expect(t.texts).toEqual(['a', 'b']);
  });

  it('refuses broken JSON, ragged arrays, non-numbers and empty input', () => {
    expect(codeOf(() => parseJsonVectors(fixture('bad.json'), 'bad.json'))).toBe('bad-json');
    expect(codeOf(() => parseJsonVectors(fixture('bad_ragged.json'), 'r.json'))).toBe('bad-shape');
    expect(codeOf(() => parseJsonVectors('[[1, "x"]]', 's.json'))).toBe('bad-json');
    expect(codeOf(() => parseJsonVectors('  ', 'e.json'))).toBe('empty');
    expect(codeOf(() => parseJsonVectors('[]', 'e.json'))).toBe('bad-shape');
  });
});

describe('text sidecars', () => {
  it('reads .txt one sentence per line and .json lists the same way', () => {
    const expectedLines = ['Line 0', 'Line 1', 'Line 2', 'Line 3'];
    expect(parseSidecar(fixture('sentences.txt'), 'sentences.txt')).toEqual(expectedLines);
    expect(parseSidecar(fixture('sentences.json'), 'sentences.json')).toEqual(expectedLines);
    expect(parseSidecar('a\r\nb\r\n', 'x.txt')).toEqual(['a', 'b']);
  });

  it('names both counts when sentences and vectors disagree', () => {
    const texts = parseSidecar(fixture('sentences_short.txt'), 'sentences_short.txt');
    expect(() => pairTexts(texts, 4, 'sentences_short.txt')).toThrow(
      'sentences_short.txt holds 1 sentences; the vectors hold 4 rows',
    );
  });
});
