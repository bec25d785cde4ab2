/**
 * The round trip in Write (docs/metrics.md, "Round trip"): each step's top sentence is already
 * decoded; its text is embedded again and compared with the prediction it was decoded from. The
 * user's next sentence is not written yet, so Write has no target to compare with.
 */
import { cosineRows } from '../../metrics/cosine';
import { dedupe } from '../../metrics/roundTrip';
import type { Chain } from './chains';

/** Embeds texts as [n, dim] unit vectors (the encoder worker in the app, a stand-in in tests). */
export type Embed = (texts: string[], signal?: AbortSignal) => Promise<Float32Array>;

/**
 * Chains with the round trip of every step that has none yet; each distinct top sentence not in
 * `embedded` (text → vector, the caller's page-long cache) is embedded once and added to it.
 */
export async function addRoundTrips(
  chains: Chain[],
  textOf: (bankIndex: number) => string,
  embedded: Map<string, Float32Array>,
  embed: Embed,
  dim: number,
  signal?: AbortSignal,
): Promise<Chain[]> {
  const open = (s: Chain['steps'][number]) => !s.roundTrip && s.hits.length > 0;
  const tops = chains.flatMap((c) => c.steps.filter(open).map((s) => textOf(s.hits[0].index)));
  const missing = dedupe(tops).unique.filter((t) => !embedded.has(t));
  if (missing.length) {
    const vecs = await embed(missing, signal);
    missing.forEach((t, i) => embedded.set(t, vecs.slice(i * dim, (i + 1) * dim)));
  }
  return chains.map((c) => ({
    ...c,
    steps: c.steps.map((s) => {
      if (!open(s)) return s;
      const re = embedded.get(textOf(s.hits[0].index))!;
      return {
        ...s,
        roundTrip: {
          predVsReembedded: cosineRows(s.prediction, re, 1, dim)[0],
          manifoldDistance: 1 - s.hits[0].score,
        },
      };
    }),
  }));
}
