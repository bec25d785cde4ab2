import { describe, expect, it } from 'vitest';
import type { Dataset, WindowSet } from '../data/types';
import { bankText, contextText, windowArticles } from './predictWindow';
import { nextArticleWindow } from '../components/WindowPicker';

const w = { n: 4, targetIndex: Int32Array.from([5, 6, 9, -1]) } as WindowSet;
const ds = {
  bank: { texts: ['a', 'b'] },
  stream: { articleIds: Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]) },
} as unknown as Dataset;

describe('predict helpers', () => {
  it('maps windows to the article of their target', () => {
    expect([...windowArticles(ds, w)!]).toEqual([0, 0, 1, -1]);
    expect(windowArticles({ ...ds, stream: undefined }, w)).toBeNull();
  });
  it('jumps to the next article, wrapping to the start', () => {
    const articles = Int32Array.from([0, 0, 1, 1, 2]);
    expect(nextArticleWindow(articles, 0, 5)).toBe(2);
    expect(nextArticleWindow(articles, 2, 5)).toBe(4);
    expect(nextArticleWindow(articles, 4, 5)).toBe(0);
    expect(nextArticleWindow(null, 1, 5)).toBe(2);
  });
  it('shows the sentence text, else the vector index', () => {
    expect(bankText(ds, 1)).toBe('b');
    expect(bankText(ds, 7)).toBe('vector #7');
  });
  it("names a window's context positions by their sentences, else by position", () => {
    const ctx = { k: 2, contextIndex: Int32Array.from([0, 1, -1, 1]) } as WindowSet;
    expect([0, 1].map((a) => contextText(ds, ctx, 0, a))).toEqual(['a', 'b']);
    expect([0, 1].map((a) => contextText(ds, ctx, 1, a))).toEqual(['context vector 1', 'b']);
  });
});
