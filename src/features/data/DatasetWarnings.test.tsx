// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFiles, type Parser } from '../../jobs/loadFiles';
import { writeNpy } from '../../data/npy';
import { parseFiles } from '../../data/parseFiles';
import { removeDataset } from '../../store/datasets';
import { resetAppStore, useAppStore } from '../../store';
import { DataView } from './DataView';
import { DatasetWarnings } from './DatasetWarnings';

/** The pure parser stands in for the worker (jsdom has no Worker). */
const parser: Parser = { parse: async (files, opts) => parseFiles(files, opts) };

beforeEach(() => {
  resetAppStore();
  for (const d of useAppStore.getState().datasets) removeDataset(d.id);
});
afterEach(cleanup);

describe('DatasetWarnings', () => {
  it('lists each warning as plain text, and nothing when there are none', () => {
    const { container } = render(<DatasetWarnings warnings={[]} />);
    expect(container.innerHTML).toBe('');
    render(<DatasetWarnings warnings={['dropped 2 rows', 'ignored <b>ids</b>']} />);
    const list = screen.getByRole('list', { name: 'Load warnings' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['⚠ dropped 2 rows', '⚠ ignored <b>ids</b>']);
    expect(list.querySelector('b')).toBeNull();
  });

  it("shows what a load dropped in the dataset's row of the Data view", async () => {
    const v = Float32Array.from({ length: 12 }, (_, i) => (i >= 3 && i < 6 ? NaN : i + 1));
    const npy = new File([writeNpy(v, [4, 3]) as BlobPart], 'vectors.npy');
    const ds = await loadFiles([npy], { parser, dropBadRows: true });
    render(<DataView />);
    const row = document.querySelector(`tr[data-dataset="${ds.id}"]`) as HTMLElement;
    expect(
      within(row).getByText('⚠ dropped 1 rows holding NaN/Inf or all-zero vectors'),
    ).toBeTruthy();
  });
});
