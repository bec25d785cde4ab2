import { describe, expect, it } from 'vitest';
import { buildDataset } from './dataset';
import { detectKeys, tableFromArrays } from './npzAliases';
import { parseFiles } from './parseFiles';
import { bundle, dataError, expected, f32, fixture } from '../test/dataFixtures';

describe('key detection', () => {
  it('finds windows and streams by alias, X by its rank', () => {
    expect(detectKeys(bundle({ X: f32([2, 3, 4]), y: f32([2, 4]) })).mapping).toMatchObject({
      contexts: 'X',
      targets: 'y',
    });
    expect(detectKeys(bundle({ X: f32([5, 4]) })).mapping).toMatchObject({ vectors: 'X' });
    const d = detectKeys(
      bundle({ embeddings: f32([5, 4]), doc_ids: { ...f32([5]), dtype: 'int64' } }),
    );
    expect(d.mapping).toEqual({ vectors: 'embeddings', articleIds: 'doc_ids' });
  });

  it('falls back to shapes when there is one candidate, and asks when there are several', () => {
    expect(detectKeys(bundle({ foo: f32([5, 4]) })).ambiguous).toBeNull();
    expect(detectKeys(bundle({ a: f32([2, 3, 4]), b: f32([2, 4]) })).mapping).toMatchObject({
      contexts: 'a',
      targets: 'b',
    });
    const r = buildDataset(bundle({ a: f32([5, 4]), b: f32([5, 2]) }));
    expect(r.kind).toBe('needs-mapping');
    if (r.kind === 'needs-mapping') expect(r.keys.map((k) => k.key)).toEqual(['a', 'b']);
  });

  it('builds with an explicit mapping', () => {
    const r = buildDataset(bundle({ a: f32([5, 4]), b: f32([5, 2]) }), {
      mapping: { vectors: 'b' },
    });
    expect(r.kind === 'dataset' && r.dataset.dim).toBe(2);
  });
});

describe('string arrays in an npz', () => {
  const load = (name: string) => {
    const r = parseFiles([{ name, bytes: fixture(name) }]);
    if (r.kind !== 'dataset') throw new Error(r.kind);
    return r.dataset;
  };

  it("reads np.savez(vectors=v, texts=np.array(sentences)) ('<U'), with ids, noting an unused array", () => {
    const ds = load('strings_u.npz');
    expect(ds.stream!.texts).toEqual(expected['strings_u.npz/texts'].values);
    expect(ds.stream!.texts![0]).toBe('Zürich ☃');
    expect(ds.stream!.ids).toEqual(['s0', 's1', 's2']);
    expect(ds.warnings).toEqual(["ignored string array 'titles' [1] <U9: no role reads it"]);
  });

  it("reads '|S' bytes texts and turns string article ids into one index per article", () => {
    const ds = load('strings_s.npz');
    expect(ds.stream!.texts).toEqual(['café', 'abc', 'été']);
    expect(Array.from(ds.stream!.articleIds!)).toEqual([0, 0, 1]);
  });

  it('reads big-endian sentences, and refuses a string array of the wrong rank', () => {
    expect(load('strings_be.npz').stream!.texts).toEqual(['x', 'yz', 'Zürich ☃']);
    const grid = { strings: ['a', 'b', 'c', 'd'], shape: [2, 2], dtype: '<U1' };
    const e = dataError(() => tableFromArrays({ texts: grid }, 't.npz'));
    expect(e.code).toBe('bad-shape');
    expect(e.found).toBe('shape [2, 2] <U1');
  });
});
