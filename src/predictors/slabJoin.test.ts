import { describe, expect, it } from 'vitest';
import type { EvalEntry } from '../metrics/evaluate';
import { SlabJoin } from './evaluation';

/** A slab's entry for windows [a, a + n) of a 2-D split, its values telling which window it is. */
function slab(a: number, n: number): EvalEntry {
  const w = Array.from({ length: n }, (_, i) => a + i);
  return {
    id: 'm',
    name: 'M',
    kind: 'model',
    prediction: Float32Array.from(w.flatMap((i) => [i, -i])),
    cosines: Float32Array.from(w, (i) => i / 10),
    ranks: Int32Array.from(w, (i) => i + 1),
    top: { ids: Int32Array.from(w, (i) => 100 + i), scores: Float32Array.from(w, () => 0.5), k: 1 },
    summary: { n } as EvalEntry['summary'],
    backend: 'wasm',
    predictMs: 2,
    rankMs: 3,
  } as EvalEntry;
}

describe('SlabJoin', () => {
  it('gives the windows done so far as one entry, without copying what came before', () => {
    const join = new SlabJoin(5, 2);
    join.add(slab(0, 2));
    const two = join.upTo(2);
    join.add(slab(2, 2));
    const four = join.upTo(4);
    expect([...four.prediction]).toEqual([0, -0, 1, -1, 2, -2, 3, -3]);
    expect([...four.ranks]).toEqual([1, 2, 3, 4]);
    expect([...four.top.ids]).toEqual([100, 101, 102, 103]);
    expect(four.summary.n).toBe(4);
    expect([four.predictMs, four.rankMs]).toEqual([4, 6]);
    // views of one set of arrays sized for every window, filled slab by slab
    expect(four.prediction.buffer).toBe(two.prediction.buffer);
    expect(four.prediction.buffer.byteLength).toBe(5 * 2 * 4);
    expect([...two.ranks]).toEqual([1, 2]); // an earlier partial is unchanged
    expect(() => join.upTo(5)).toThrow('slabs cover 4 windows, not 5');
    join.add(slab(4, 1));
    expect(() => join.add(slab(5, 1))).toThrow('more than 5');
  });
});
