import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateManifest } from './manifest';

describe('validateManifest', () => {
  const model = { id: 'gru', name: 'GRU', file: 'gru.onnx' };
  it('accepts a manifest and defaults missing baselines', () => {
    const encoder = { name: 'e', dim: 16 };
    const m = validateManifest({ encoder, dataset: 'd', k: 5, dim: 16, models: [model] });
    expect(m.models[0].id).toBe('gru');
    expect(m.baselines).toEqual([]);
  });
  it('accepts the shipped manifest', () => {
    const json = JSON.parse(readFileSync('public/models/manifest.json', 'utf8'));
    const m = validateManifest(json);
    expect(m.models.map((x) => x.id)).toEqual(['amn', 'gru', 'lstm', 'transformer', 'memgru']);
    // the long-context model carries its own K, and its config says the same
    const memgru = m.models.find((x) => x.id === 'memgru')!;
    expect(memgru.K).toBe(32);
    expect(memgru.config?.model_args.k).toBe(32);
    expect(m.encoder.dim).toBe(m.dim);
    expect(m.baselines.map((b) => b.id)).toContain('linear_average');
  });
  it('names the first malformed field', () => {
    expect(() => validateManifest(null)).toThrow('manifest.json is malformed: not an object');
    expect(() => validateManifest({ models: {} })).toThrow('"models" must be a list');
    expect(() => validateManifest({ models: [{ ...model, file: 3 }] })).toThrow(
      'models[0].file must be a string',
    );
  });
});
