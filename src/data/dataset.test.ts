import { describe, expect, it } from 'vitest';
import { buildDataset } from './dataset';
import type { NdArray } from './ndarray';
import { bundle, dataError as error, f32 } from '../test/dataFixtures';

describe('buildDataset', () => {
  it('makes a windows dataset whose bank is the targets, with texts per target', () => {
    const r = buildDataset(bundle({ contexts: f32([2, 3, 4]), targets: f32([2, 4]) }, ['a', 'b']), {
      id: 'x',
    });
    if (r.kind !== 'dataset') throw new Error(r.kind);
    const ds = r.dataset;
    expect(ds.windows).toMatchObject({ count: 2, k: 3 });
    expect(ds.bank.vectors).toBe(ds.windows!.targets);
    expect(ds.bank.texts).toEqual(['a', 'b']);
  });

  it('makes a stream dataset with article ids from int64', () => {
    const ids: NdArray & { file: string } = {
      data: BigInt64Array.from([0n, 0n, 1n]),
      shape: [3],
      dtype: 'int64',
      file: 'f',
    };
    const r = buildDataset(bundle({ vectors: f32([3, 2]), article_ids: ids }));
    if (r.kind !== 'dataset') throw new Error(r.kind);
    expect(Array.from(r.dataset.stream!.articleIds!)).toEqual([0, 0, 1]);
    expect(r.dataset.bank.vectors).toBe(r.dataset.stream!.vectors);
  });

  it('refuses wrong ranks and mismatched windows', () => {
    expect(error(() => buildDataset(bundle({ x: f32([6]) }))).code).toBe('bad-shape');
    const e = error(() => buildDataset(bundle({ contexts: f32([2, 3, 4]), targets: f32([3, 4]) })));
    expect(e.message).toMatch(/targets \[2, 4\].*targets \[3, 4\]/);
    expect(error(() => buildDataset(bundle({ vectors: f32([0, 4]) }))).code).toBe('bad-shape');
  });

  it('refuses NaN/Inf rows with their count and first rows, and drops them on request', () => {
    const bad = new Set([1, 3]);
    const v = f32([5, 2], (i) => (bad.has(Math.floor(i / 2)) ? (i % 2 ? NaN : Infinity) : i + 1));
    const e = error(() => buildDataset(bundle({ vectors: v }, ['a', 'b', 'c', 'd', 'e'])));
    expect(e.code).toBe('non-finite');
    expect(e.message).toContain('2 rows with NaN or Inf values (rows 1, 3)');
    expect(e.extra).toMatchObject({ count: 2, firstRows: [1, 3], droppable: true });
    const r = buildDataset(bundle({ vectors: v }, ['a', 'b', 'c', 'd', 'e']), {
      dropBadRows: true,
    });
    if (r.kind !== 'dataset') throw new Error(r.kind);
    expect(r.dataset.stream!.count).toBe(3);
    expect(r.dataset.stream!.texts).toEqual(['a', 'c', 'e']);
    expect(Array.from(r.dataset.stream!.sourceRows!)).toEqual([0, 2, 4]);
    expect(r.dataset.warnings).toEqual(['dropped 2 rows holding NaN/Inf or all-zero vectors']);
  });

  it('names the dtype found when vectors are not floats', () => {
    const ints = {
      data: new Int32Array(10 * 768),
      shape: [10, 768],
      dtype: 'int32',
      file: 'x.npy',
    };
    const e = error(() => buildDataset({ files: ['x.npy'], tensors: { x: ints } }));
    expect(e.message).toBe(
      'x.npy: expected float (float16/32/64) vectors [N, D] or contexts [N, K, D] + targets [N, D]; found x [10, 768] int32',
    );
  });

  it('refuses all-zero vectors and windows holding them', () => {
    const v = f32([3, 2], (i) => (i < 2 ? 0 : i));
    expect(error(() => buildDataset(bundle({ vectors: v }))).code).toBe('zero-vectors');
    const c = f32([2, 2, 2], (i) => (i === 6 || i === 7 ? 0 : 1));
    const e = error(() => buildDataset(bundle({ contexts: c, targets: f32([2, 2]) })));
    expect(e.message).toContain('1 windows with all-zero vectors (windows 1)');
  });

  it('refuses a sidecar whose count differs from the vectors', () => {
    const e = error(() => buildDataset(bundle({ vectors: f32([3, 2]) }, ['only one'])));
    expect(e.code).toBe('count-mismatch');
    expect(e.message).toContain('holds 1 sentences; the vectors hold 3 rows');
  });
});
