import { beforeEach, describe, expect, it } from 'vitest';
import { resetAppStore, useAppStore } from '../store';
import { demoDataset } from '../data/demo';
import { loadDemoDatasets } from './loadDemo';
import { DataFileError } from '../data/errors';
import { loadFiles, type Parser } from './loadFiles';
import { writeNpy } from '../data/npy';
import { parseFiles } from '../data/parseFiles';
import { getDataset, registerDataset, removeDataset } from '../store/datasets';
import { fixture } from '../test/dataFixtures';

/** The pure parser stands in for the worker (node has no Worker). */
const parser: Parser = { parse: async (files, opts) => parseFiles(files, opts) };
const file = (name: string, bytes: ArrayBuffer | Uint8Array | string) =>
  new File([bytes as BlobPart], name);

beforeEach(() => {
  resetAppStore();
  for (const d of useAppStore.getState().datasets) removeDataset(d.id);
});

describe('loadFiles', () => {
  it('registers a windows npz and lists it in the store', async () => {
    const ds = await loadFiles([file('windows.npz', fixture('windows.npz'))], { parser });
    expect(getDataset(ds.id)).toBe(ds);
    expect(useAppStore.getState().datasets).toEqual([
      expect.objectContaining({ id: ds.id, vectors: 6, windows: 6, k: 3, dim: 8, hasTexts: false }),
    ]);
    expect(useAppStore.getState().dataProgress).toBeNull();
  });

  it('pairs a vectors file with a text sidecar', async () => {
    const vec = writeNpy(new Float32Array(12).fill(1), [4, 3]);
    const ds = await loadFiles(
      [file('vectors.npy', vec), file('sentences.txt', fixture('sentences.txt'))],
      { parser },
    );
    expect(ds.stream!.texts).toEqual(['Line 0', 'Line 1', 'Line 2', 'Line 3']);
  });

  it('leaves the loaded data untouched when a later file fails, and sets dataError', async () => {
    const good = await loadFiles([file('windows.npz', fixture('windows.npz'))], { parser });
    const before = useAppStore.getState().datasets;
    for (const [name, bytes] of [
      ['bad_truncated.npy', fixture('bad_truncated.npy')],
      ['bad_magic.npy', fixture('bad_magic.npy')],
      ['vectors.xyz', 'x'],
    ] as const) {
      await expect(loadFiles([file(name, bytes)], { parser })).rejects.toBeInstanceOf(
        DataFileError,
      );
      expect(useAppStore.getState().dataError).toContain(name);
      expect(useAppStore.getState().datasets).toBe(before);
      expect(getDataset(good.id)).toBe(good);
    }
  });

  it('refuses a file over the budget before reading it', async () => {
    const huge = {
      name: 'big.npy',
      size: 5e9,
      stream: () => {
        throw new Error('read');
      },
    } as unknown as File;
    await expect(loadFiles([huge], { parser })).rejects.toMatchObject({ code: 'too-large' });
    await expect(
      loadFiles([file('w.npz', fixture('windows.npz'))], { parser, maxBytes: 100 }),
    ).rejects.toThrow(/limit is 100 B/);
  });

  it('refuses files that are each under the budget but over it together, before reading any', async () => {
    const unread = (name: string) =>
      ({
        name,
        size: 600,
        stream: () => {
          throw new Error(`read ${name}`);
        },
      }) as unknown as File;
    await expect(
      loadFiles([unread('a.npy'), unread('b.npy')], { parser, maxBytes: 1000 }),
    ).rejects.toThrow(
      /a\.npy \+ b\.npy: 2 files of 1\.2 KB together; one load may read at most 1000 B/,
    );
  });

  it('lists a different file of a loaded file’s name beside it, and the same file in its place', async () => {
    const a = writeNpy(
      Float32Array.from({ length: 12 }, (_, i) => i + 1),
      [4, 3],
    );
    const b = writeNpy(
      Float32Array.from({ length: 12 }, (_, i) => 12 - i),
      [4, 3],
    );
    const first = await loadFiles([file('stream.npy', a)], { parser });
    const other = await loadFiles([file('stream.npy', b)], { parser });
    expect([first.id, other.id]).toEqual(['file:stream.npy', 'file:stream.npy (2)']);
    expect(other.name).toBe('stream.npy (2)');
    expect(other.warnings).toEqual([
      'another stream.npy with other vectors is loaded: this one is listed as stream.npy (2)',
    ]);
    expect(getDataset('file:stream.npy')).toBe(first); // still there, untouched
    expect(useAppStore.getState().datasets.map((d) => d.name)).toEqual([
      'stream.npy',
      'stream.npy (2)',
    ]);
    // the same bytes again replace their own entry: no third one
    const again = await loadFiles([file('stream.npy', b)], { parser });
    expect(again.id).toBe('file:stream.npy (2)');
    expect((await loadFiles([file('stream.npy', a)], { parser })).id).toBe('file:stream.npy');
    expect(useAppStore.getState().datasets).toHaveLength(2);
  });

  it('loads vectors of any D, whatever models the caller knows of', async () => {
    // the Data view used to pass the loaded models and a 768-D file was refused before a 768-D model
    const opts = { parser, models: [{ name: 'AMN', dim: 384 }], model: { name: 'AMN', dim: 384 } };
    const vec = writeNpy(new Float32Array(2 * 768).fill(1), [2, 768]);
    const ds = await loadFiles([file('vectors.npy', vec)], opts);
    expect(ds.dim).toBe(768);
    expect(useAppStore.getState().datasets).toEqual([expect.objectContaining({ dim: 768 })]);
  });

  it('asks for a mapping when keys are ambiguous, then loads with it', async () => {
    const err = await loadFiles([file('ambiguous.npz', fixture('ambiguous.npz'))], {
      parser,
    }).catch((e) => e);
    expect(err).toMatchObject({ code: 'needs-mapping', extra: { guess: { vectors: 'a' } } });
    const ds = await loadFiles([file('ambiguous.npz', fixture('ambiguous.npz'))], {
      parser,
      mapping: { vectors: 'b' },
    });
    expect(ds.dim).toBe(4);
  });

  it('rebuilds a DataFileError that crossed the worker boundary', async () => {
    const remote: Parser = {
      parse: async () => {
        throw Object.assign(new Error('x.npy: bad'), {
          name: 'DataFileError',
          detail: { file: 'x.npy', expected: 'a', found: 'b', code: 'truncated' },
        });
      },
    };
    await expect(
      loadFiles([file('x.npy', new Uint8Array(4))], { parser: remote }),
    ).rejects.toMatchObject({
      file: 'x.npy',
      code: 'truncated',
      message: 'x.npy: bad',
    });
  });

  it('does not report a cancelled load as an error', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      loadFiles([file('w.npz', fixture('windows.npz'))], { parser, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(useAppStore.getState().dataError).toBeNull();
  });
});

describe('demo data', () => {
  const vectors = writeNpy(
    Float32Array.from({ length: 12 }, (_, i) => i + 1),
    [4, 3],
  );
  const files: Record<string, BodyInit> = {
    'dataset.json': JSON.stringify({
      name: 'demo',
      source: 's',
      encoder: { name: 'e', dim: 3 },
      k: 1,
      dim: 3,
      splits: {
        val: { vectors: 'val.vectors.npy', sentences: 'val.sentences.json', count: 4, windows: 2 },
        ood: { vectors: 'val.vectors.npy', sentences: 'val.sentences.json', count: 4, windows: 2 },
      },
      train_mean: 'train_mean.npy',
      articles: 'articles.json',
    }),
    'val.vectors.npy': vectors as BodyInit,
    'val.sentences.json': JSON.stringify({ texts: ['a', 'b', 'c', 'd'], article: [5, 5, 6, 6] }),
    'articles.json': JSON.stringify([
      { id: 5, title: 'Five', topic: 't', split: 'val' },
      { id: 6, title: 'Six', topic: 't', split: 'val' },
      { id: 9, title: 'Nine', topic: 't', split: 'train' },
    ]),
  };
  const fetchImpl = (async (url: string) =>
    new Response(files[url.replace('/d/', '')] ?? null, {
      status: files[url.replace('/d/', '')] ? 200 : 404,
    })) as typeof fetch;

  it('registers demo-val and demo-ood with texts, article ids and articles', async () => {
    await loadDemoDatasets({ baseUrl: '/d/', fetchImpl });
    const val = getDataset('demo-val')!;
    expect(val.name).toBe('Demo · val');
    expect(val.stream!.texts).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(val.stream!.articleIds!)).toEqual([5, 5, 6, 6]);
    expect(val.articles!.map((a) => a.title)).toEqual(['Five', 'Six']);
    expect(useAppStore.getState().datasets.find((d) => d.id === 'demo-ood')).toMatchObject({
      name: 'Demo · OOD',
      windows: 2,
      k: 1,
      articles: 2,
      hasTexts: true,
    });
  });

  it('refuses sentences that do not pair with the vectors', () => {
    expect(() =>
      demoDataset(
        { id: 'x', name: 'x', split: 'val' },
        vectors.slice().buffer,
        { texts: ['a'], article: [1, 1, 1, 1] },
        [],
        {
          vectors: 'v.npy',
          sentences: 's.json',
          count: 4,
        },
      ),
    ).toThrow(/s\.json holds 1 sentences/);
  });

  it('registerDataset replaces a dataset with the same id', () => {
    const ds = getDataset('demo-val');
    if (ds) registerDataset({ ...ds });
    expect(
      useAppStore.getState().datasets.filter((d) => d.id === 'demo-val').length,
    ).toBeLessThanOrEqual(1);
  });
});
