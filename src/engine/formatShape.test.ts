import { describe, expect, it } from 'vitest';
import { formatShape } from './signature';

describe('formatShape (model signatures in messages)', () => {
  it('names every dim of an ordinary shape', () => {
    expect(formatShape({ shape: ['batch', 5, 384] } as never)).toBe('[batch, 5, 384]');
  });
  it('caps a huge rank: the rank and its first and last dims, not 20,000 numbers', () => {
    const text = formatShape({ shape: Array.from({ length: 20_000 }, (_, i) => i + 1) } as never);
    expect(text).toBe('[rank 20000: 1, 2, 3, …, 19999, 20000]');
  });
});
