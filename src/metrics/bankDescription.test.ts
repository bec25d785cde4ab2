import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types';
import { describeBank } from './bankDescription';

const base = { id: 'd', name: 'd', origin: 'd.npz', dim: 2 };

describe('describeBank', () => {
  it('names a stream bank with its size', () => {
    const vectors = new Float32Array(6909 * 2);
    const ds: Dataset = {
      ...base,
      stream: { vectors, count: 6909 },
      bank: { vectors, count: 6909 },
    };
    expect(describeBank(ds)).toBe(
      "Bank: 6,909 sentence vectors of the stream; each window's own context vectors excluded by value",
    );
  });

  it('names the targets of a windows file, or its own bank', () => {
    const targets = new Float32Array(2);
    const windows = { contexts: new Float32Array(4), targets, count: 1, k: 2 };
    expect(describeBank({ ...base, windows, bank: { vectors: targets, count: 1 } })).toBe(
      "Bank: 1 window target (the file has no separate bank); each window's own context vectors excluded by value",
    );
    const bank = { vectors: new Float32Array(2400), count: 1200 };
    expect(describeBank({ ...base, windows, bank })).toMatch(
      /^Bank: 1,200 vectors of the file's bank; each window's own context vectors excluded by value$/,
    );
  });

  it('names a float16 bank without widening it (its float32 `vectors` is never read)', () => {
    const windows = { contexts: new Float32Array(4), targets: new Float32Array(2), count: 1, k: 2 };
    const bank = { half: new Uint16Array(2400), count: 1200 } as Dataset['bank'];
    Object.defineProperty(bank, 'vectors', {
      get: () => {
        throw new Error('the bank was widened');
      },
    });
    expect(describeBank({ ...base, windows, bank })).toMatch(
      /^Bank: 1,200 vectors of the file's bank;/,
    );
  });
});
