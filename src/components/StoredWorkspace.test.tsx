// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Dir } from '../jobs/persist/blobStore';
import { readKept, remember, resetPersist } from '../jobs/persist/workspacePersist';
import { resetAppStore, useAppStore } from '../store';
import { MemoryDirectory } from '../test/memoryDirectory';
import { StoredWorkspace } from './StoredWorkspace';

beforeEach(() => {
  resetAppStore();
  resetPersist(MemoryDirectory.root() as unknown as Dir);
});
afterEach(cleanup);

it('lists what is kept for its kinds, its size, and forgets one or all', async () => {
  await remember({ kind: 'model', files: [new File(['x'.repeat(2048)], 'a.onnx')], ids: ['a'] });
  await remember({ kind: 'model', files: [new File(['y'], 'b.onnx')], ids: ['b'] });
  await remember({ kind: 'data', files: [new File(['z'], 'v.npy')], ids: ['v'] });
  render(<StoredWorkspace kinds={['model']} />);
  expect(screen.getAllByTestId('stored-item').map((li) => li.textContent)).toEqual([
    'a.onnx model · 2.0 KB Forget',
    'b.onnx model · 1 B Forget',
  ]);
  expect(screen.getByTestId('storage-used').textContent).toMatch(/^3 items kept, 2\.0 KB/);

  fireEvent.click(screen.getByRole('button', { name: 'Forget a.onnx' }));
  await waitFor(() => expect(screen.getAllByTestId('stored-item')).toHaveLength(1));
  expect((await readKept()).entries.map((e) => e.name)).toEqual(['b.onnx', 'v.npy']);

  fireEvent.click(screen.getByRole('button', { name: 'Forget everything kept' }));
  await waitFor(() => expect(screen.queryAllByTestId('stored-item')).toHaveLength(0));
  expect((await readKept()).entries).toEqual([]);
});

it('shows the restore as it goes and storage problems in words, each dismissable', () => {
  useAppStore.getState().setRestoring({ done: 1, total: 4, label: 'v.npy' });
  useAppStore.getState().addStorageMessage('Browser storage is full: big.onnx …');
  render(<StoredWorkspace kinds={['data']} />);
  expect(screen.getByRole('progressbar', { name: 'Restoring v.npy (2 of 4)' })).toBeTruthy();
  expect(screen.getByRole('alert').textContent).toContain('Browser storage is full: big.onnx');
  fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
  expect(screen.queryByRole('alert')).toBeNull();
});
