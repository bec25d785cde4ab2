import { describe, expect, it } from 'vitest';
import type { Predictor } from '../../metrics/evaluate';
import { contextFor, extendChains, splitSentences, startChains, type ChainDeps } from './chains';

const d = 2;
// Bank: unit vectors at angles 0, 10, 20, ... degrees.
const bank = Array.from({ length: 10 }, (_, i) => {
  const a = (i * 10 * Math.PI) / 180;
  return Float32Array.from([Math.cos(a), Math.sin(a)]);
});
const deps: ChainDeps = {
  dim: d,
  bankVector: (i) => bank[i],
  async search(queries, n, top) {
    const indices = new Int32Array(n * top);
    const scores = new Float32Array(n * top);
    for (let q = 0; q < n; q++) {
      const s = bank.map((b, i) => ({ i, s: b[0] * queries[q * d] + b[1] * queries[q * d + 1] }));
      s.sort((x, y) => y.s - x.s);
      s.slice(0, top).forEach(
        (x, t) => ((indices[q * top + t] = x.i), (scores[q * top + t] = x.s)),
      );
    }
    return { indices, scores };
  },
};
/** Predicts the last context vector, scaled by 2 (scores must come back divided by the norm). */
const last = (id: string, fail = false): Predictor => ({
  id,
  name: id,
  kind: 'baseline',
  async predict(ctx) {
    if (fail) throw new Error('boom');
    return { prediction: ctx.slice(ctx.length - d).map((x) => x * 2), wallMs: 0, backend: 'js' };
  },
});

describe('splitSentences', () => {
  it('splits on sentence ends, trims and drops empties', () => {
    expect(splitSentences('The cat sat. It purred!  Then it slept?\n\n ')).toEqual([
      'The cat sat.',
      'It purred!',
      'Then it slept?',
    ]);
    expect(splitSentences('   ')).toEqual([]);
  });
});

describe('chains', () => {
  const user = {
    vectors: new Float32Array([...bank[0], ...bank[1], ...bank[2]]),
    n: 3,
    exclude: [2],
  };

  it('needs K vectors: no context when the user has fewer', () => {
    const [chain] = startChains([{ predictor: last('a'), k: 4 }]);
    expect(contextFor(user, chain, deps)).toBeNull();
  });

  it('predicts, excludes the user sentences and earlier picks, and continues from its picks', async () => {
    const columns = [
      { predictor: last('a'), k: 2 },
      { predictor: last('bad', true), k: 2 },
    ];
    let chains = await extendChains(startChains(columns), columns, user, deps, 1);
    // prediction = bank[2] direction; bank row 2 is the user's own, so 1 and 3 tie next (cos 10deg).
    const hits = chains[0].steps[0].hits.map((h) => h.index);
    expect(hits).toHaveLength(3);
    expect(hits.slice(0, 2).sort()).toEqual([1, 3]);
    expect(chains[0].steps[0].hits[0].score).toBeCloseTo(Math.cos(Math.PI / 18), 5);
    expect(chains[1].error).toBe('boom');
    const seen: number[] = [];
    chains = await extendChains(chains, columns, user, deps, 2, { onStep: (n) => seen.push(n) });
    expect(seen).toEqual([1, 2]);
    expect(chains[0].steps).toHaveLength(3);
    const picks = chains[0].steps.map((s) => s.hits[0].index);
    expect(new Set(picks).size).toBe(3);
    expect(picks).not.toContain(2);
    expect(chains[1].steps).toHaveLength(0);
  });

  it('stops when aborted', async () => {
    const columns = [{ predictor: last('a'), k: 2 }];
    const ac = new AbortController();
    ac.abort();
    await expect(
      extendChains(startChains(columns), columns, user, deps, 3, { signal: ac.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
