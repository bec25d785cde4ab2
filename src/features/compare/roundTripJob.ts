/**
 * Compare's round-trip job: decode each prediction of a window sample to its nearest bank sentence
 * (top-1 of the evaluation's neighbours), re-embed those texts with the in-browser encoder, score.
 */
import type { Dataset } from '../../data/types';
import { embedSentences } from '../../engine/encoder';
import { objectKey } from '../../store/keys';
import type { JobContext } from '../../jobs/runner';
import { dedupe, gather, mean, roundTrip, type RoundTrip } from '../../metrics/roundTrip';
import { windowsFor, type Evaluation } from '../../predictors/evaluation';

/** Windows re-embedded by default: each model decodes one sentence per window. */
export const ROUND_TRIP_SAMPLE = 200;

/** The encoder's dimension (public/encoder/encoder.json): other vectors cannot be compared. */
export const ENCODER_DIM = 384;

export interface RoundTripRow {
  id: string;
  name: string;
  kind: 'model' | 'baseline';
  /** windows scored (those whose nearest sentence exists) */
  n: number;
  predVsReembedded: number;
  targetVsReembedded: number;
  manifoldDistance: number;
  perWindow: RoundTrip;
}

export interface RoundTripResult {
  /** distinct sentences the sample decoded to (each embedded once) */
  sentences: number;
  rows: RoundTripRow[];
}

/** Why the round trip cannot run on `dataset`, or null when it can. */
export function roundTripBlocked(dataset: Dataset): string | null {
  if (!dataset.bank.texts)
    return `${dataset.name} has no sentence texts for its bank: a decoded prediction has no text to re-embed, so the round trip cannot run. Load texts with the vectors (Data) to enable it.`;
  if (dataset.dim !== ENCODER_DIM)
    return `${dataset.name} is ${dataset.dim}-D; the in-browser encoder (all-MiniLM-L6-v2) gives ${ENCODER_DIM}-D vectors, so re-embedded text cannot be compared with its predictions.`;
  return null;
}

/** What a round-trip result was computed from: this dataset, this evaluation, these windows. */
export function roundTripKey(dataset: Dataset, evaluation: Evaluation, windows: number[]): string {
  return `roundtrip|${objectKey(dataset)}|${objectKey(evaluation)}|${windows.join(',')}`;
}

// The encoder is fixed, so a text's vector is too: kept for the page's life, shared by every run.
const embedded = new Map<string, Float32Array>();

/** The job body for `windows` (indices into the evaluation's windows). */
export function roundTripWork(dataset: Dataset, evaluation: Evaluation, windows: number[]) {
  return async ({ signal, report }: JobContext<RoundTripResult>): Promise<RoundTripResult> => {
    const texts = dataset.bank.texts;
    if (!texts) throw new Error(roundTripBlocked(dataset)!);
    const d = dataset.dim;
    // Per predictor, the windows whose top-1 neighbour exists (a tiny bank may have fewer than 10).
    const decoded = evaluation.entries
      .filter((e) => e.top.k > 0)
      .map((e) => {
        const kept = windows.filter((w) => e.top.ids[w * e.top.k] >= 0);
        return { e, kept, ids: kept.map((w) => e.top.ids[w * e.top.k]) };
      });
    const { unique, index } = dedupe(decoded.flatMap((x) => x.ids.map((id) => texts[id])));
    const todo = unique.filter((t) => !embedded.has(t));
    if (todo.length) {
      const label = `re-embedding ${todo.length} sentences`;
      report(0, label);
      const vecs = await embedSentences(todo, {
        signal,
        onProgress: (done, total) => report(total ? done / total : 1, label),
      });
      todo.forEach((t, i) => embedded.set(t, vecs.slice(i * d, (i + 1) * d)));
    }
    signal.throwIfAborted();
    const targets = windowsFor(dataset, evaluation.k).targets;
    let at = 0;
    const rows = decoded.map(({ e, kept, ids }) => {
      const re = new Float32Array(kept.length * d);
      ids.forEach((_, i) => re.set(embedded.get(unique[index[at + i]])!, i * d));
      at += ids.length;
      const top1 = Float32Array.from(kept, (w) => e.top.scores[w * e.top.k]);
      const rt = roundTrip(
        gather(e.prediction, kept, d),
        gather(targets, kept, d),
        re,
        top1,
        kept.length,
        d,
      );
      return {
        id: e.id,
        name: e.name,
        kind: e.kind,
        n: kept.length,
        predVsReembedded: mean(rt.predVsReembedded),
        targetVsReembedded: mean(rt.targetVsReembedded),
        manifoldDistance: mean(rt.manifoldDistance),
        perWindow: rt,
      };
    });
    report(1, 'done');
    return { sentences: unique.length, rows };
  };
}
