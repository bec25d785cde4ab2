import { describe, expect, it } from 'vitest';
import type { Chain } from './chains';
import { addRoundTrips, type Embed } from './stepRoundTrip';

const f = (xs: number[]) => Float32Array.from(xs);
const TEXTS = ['first sentence', 'second sentence'];
// What the "encoder" gives for each text, d = 2.
const VECTORS: Record<string, number[]> = { 'first sentence': [1, 0], 'second sentence': [0, 1] };

function chain(id: string, steps: Chain['steps']): Chain {
  return { id, name: id, kind: 'baseline', k: 1, steps };
}

describe('addRoundTrips (hand-computed, d = 2)', () => {
  it('scores each step: cos(prediction, re-embedded top text) and 1 − top-1 cosine', async () => {
    const chains = [
      chain('a', [{ hits: [{ index: 0, score: 0.8 }], prediction: f([3, 4]) }]),
      chain('b', [
        { hits: [{ index: 1, score: 0.9 }], prediction: f([1, 1]) },
        { hits: [{ index: 0, score: 0.5 }], prediction: f([0, 2]) },
      ]),
    ];
    const asked: string[][] = [];
    const embed: Embed = async (texts) => {
      asked.push(texts);
      return f(texts.flatMap((t) => VECTORS[t]));
    };
    const out = await addRoundTrips(chains, (i) => TEXTS[i], new Map(), embed, 2);
    expect(out[0].steps[0].roundTrip!.predVsReembedded).toBeCloseTo(0.6, 6);
    expect(out[0].steps[0].roundTrip!.manifoldDistance).toBeCloseTo(0.2, 6);
    expect(out[1].steps[0].roundTrip!.predVsReembedded).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[1].steps[0].roundTrip!.manifoldDistance).toBeCloseTo(0.1, 6);
    expect(out[1].steps[1].roundTrip!.predVsReembedded).toBeCloseTo(0, 6);
    // 'first sentence' tops two steps: embedded once
    expect(asked).toEqual([['first sentence', 'second sentence']]);
  });

  it('re-embeds nothing already in the cache, and keeps steps already scored', async () => {
    const done = { predVsReembedded: 0.42, manifoldDistance: 0.3 };
    const chains = [
      chain('a', [
        { hits: [{ index: 0, score: 0.8 }], prediction: f([3, 4]), roundTrip: done },
        { hits: [{ index: 1, score: 0.8 }], prediction: f([3, 4]) },
      ]),
    ];
    const cache = new Map([['second sentence', f([0, 1])]]);
    const embed: Embed = () => Promise.reject(new Error('should not embed'));
    const out = await addRoundTrips(chains, (i) => TEXTS[i], cache, embed, 2);
    expect(out[0].steps[0].roundTrip).toBe(done);
    expect(out[0].steps[1].roundTrip!.predVsReembedded).toBeCloseTo(0.8, 6);
  });
});
