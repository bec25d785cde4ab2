import { describe, expect, it } from 'vitest';
import { validateManifest } from './manifest';
import { userModelId } from './userModels';

describe('validateManifest', () => {
  const model = { id: 'gru', name: 'GRU', file: 'gru.onnx' };
  it('accepts a manifest and defaults missing baselines', () => {
    const m = validateManifest({ encoder: 'e', dataset: 'd', k: 5, dim: 16, models: [model] });
    expect(m.models[0].id).toBe('gru');
    expect(m.baselines).toEqual([]);
  });
  it('names the first malformed field', () => {
    expect(() => validateManifest(null)).toThrow('manifest.json is malformed: not an object');
    expect(() => validateManifest({ models: {} })).toThrow('"models" must be a list');
    expect(() => validateManifest({ models: [{ ...model, file: 3 }] })).toThrow(
      'models[0].file must be a string',
    );
  });
});

describe('userModelId', () => {
  it('derives a stable id from the file name, suffixed when taken', () => {
    expect(userModelId('My Model.onnx', [])).toBe('user-my-model');
    expect(userModelId('My Model.onnx', ['user-my-model'])).toBe('user-my-model-2');
    expect(userModelId('.onnx', [])).toBe('user-model');
  });
});
