import { describe, expect, it } from 'vitest';
import { buildDataset } from './dataset';
import { detectKeys } from './npzAliases';
import { bundle, f32 } from './testUtil';

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
