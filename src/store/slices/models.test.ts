import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../engine/types';
import { useAppStore } from '../index';

const model = (id: string, k: number | null) =>
  ({ id, name: id, loadId: `${id}#1`, signature: { k, dim: 384 } }) as unknown as ModelInfo;

describe('addModel selection', () => {
  beforeEach(() => useAppStore.setState({ models: [], selectedModels: [], urlModels: null }));

  it('selects loaded models of the same context length, and leaves a K = 32 model a chip to pick', () => {
    const { addModel } = useAppStore.getState();
    addModel(model('amn', 5));
    addModel(model('dynamic', null));
    addModel(model('memgru', 32));
    addModel(model('gru', 5));
    const s = useAppStore.getState();
    expect(s.models.map((m) => m.id)).toEqual(['amn', 'dynamic', 'memgru', 'gru']);
    expect(s.selectedModels).toEqual(['amn', 'dynamic', 'gru']);
  });

  it('selects exactly the models the URL names, whatever their K', () => {
    useAppStore.setState({ urlModels: ['memgru'] });
    const { addModel } = useAppStore.getState();
    addModel(model('amn', 5));
    addModel(model('memgru', 32));
    expect(useAppStore.getState().selectedModels).toEqual(['memgru']);
  });
});
