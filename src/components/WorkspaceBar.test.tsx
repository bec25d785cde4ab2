// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDataset } from '../store/datasets';
import type { ModelInfo } from '../engine/types';
import { resetAppStore, useAppStore } from '../store';
import { WorkspaceBar } from './WorkspaceBar';

/** What the engine reports for a loaded model of dimension `dim` and context length `k`. */
function model(id: string, dim: number, k: number): ModelInfo {
  const tensor = (name: string, shape: (number | null)[]) => ({ name, shape, type: 'float32' });
  return {
    id,
    name: id.toUpperCase(),
    architecture: 'test',
    params: 1,
    bytes: 1,
    source: id === 'amn' ? 'shipped' : 'user',
    signature: {
      input: tensor('x', [null, k, dim]),
      k,
      dim,
      prediction: tensor('y', [null, dim]),
      outputs: [tensor('y', [null, dim])],
    },
    backend: 'wasm',
    loadMs: 1,
    loadId: `${id}#1`,
  };
}

beforeEach(() => {
  resetAppStore();
  const vectors = new Float32Array(12 * 768).map((_, i) => Math.sin(i));
  registerDataset({
    id: 'user-768',
    name: 'user_windows_768.npz',
    origin: 'user_windows_768.npz',
    dim: 768,
    stream: { vectors, count: 12 },
    bank: { vectors, count: 12 },
  });
  useAppStore.setState({
    datasetId: 'user-768',
    models: [model('amn', 384, 5), model('mine', 768, 5)],
    selectedModels: ['amn', 'mine'],
    loadingModels: ['gru'],
    shippedPending: true,
  });
});
afterEach(cleanup);

describe('WorkspaceBar', () => {
  it('greys a model that does not fit the data, with the reason, and never hides it', () => {
    render(<WorkspaceBar />);
    const chips = within(screen.getByRole('list', { name: 'Models' }));
    const amn = chips.getByText('AMN').closest('li')!;
    expect(amn.className).toContain('unfit');
    expect(amn.textContent).toContain('expects 384-D; user_windows_768.npz is 768-D');
    const mine = chips.getByText('MINE').closest('li')!;
    expect(mine.className).not.toContain('unfit');
    expect(chips.getByText('gru').closest('li')!.textContent).toContain('loading');
  });

  it('picks models with their checkboxes, without a reload', () => {
    render(<WorkspaceBar />);
    const amn = screen.getByText('AMN').closest('li')!;
    fireEvent.click(within(amn).getByRole('checkbox'));
    expect(useAppStore.getState().selectedModels).toEqual(['mine']);
    fireEvent.click(within(amn).getByRole('checkbox'));
    expect(useAppStore.getState().selectedModels).toEqual(['mine', 'amn']);
  });
});
