import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../engine/types';
import { selectedModelInfos, selectedModelsKey } from './selectors';

const info = (id: string, load: number, backend: ModelInfo['backend'] = 'wasm') =>
  ({ id, name: id, loadId: `${id}#${load}`, loadMs: 5, backend }) as ModelInfo;

describe('model selectors', () => {
  const models = [info('amn', 10), info('gru', 20), info('lstm', 30)];

  it('lists the selected models in selection order', () => {
    const picked = selectedModelInfos({ models, selectedModels: ['lstm', 'amn', 'gone'] });
    expect(picked.map((m) => m.id)).toEqual(['lstm', 'amn']);
  });

  it('keys on the selection and loads, not on backend patches', () => {
    const key = selectedModelsKey({ models, selectedModels: ['amn', 'gru'] });
    const patched = models.map((m) => (m.id === 'amn' ? { ...m, backend: 'webgpu' as const } : m));
    expect(selectedModelsKey({ models: patched, selectedModels: ['amn', 'gru'] })).toBe(key);
    const reloaded = models.map((m) => (m.id === 'gru' ? { ...m, loadId: 'gru#21' } : m));
    expect(selectedModelsKey({ models: reloaded, selectedModels: ['amn', 'gru'] })).not.toBe(key);
    expect(selectedModelsKey({ models, selectedModels: ['gru', 'amn'] })).not.toBe(key);
  });
});
