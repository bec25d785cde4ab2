/** Evaluation for a selection that may hold bundle models: the bundle's entries read, the rest run. */
import { fail } from '../data/errors';
import type { Dataset } from '../data/types';
import type { ModelInfo } from '../engine/types';
import { restrictEntries } from '../metrics/evaluate';
import { compatible, contextLength } from './compatibility';
import { evaluate, type EvaluateOptions, type Evaluation } from './evaluation';
import { bundleEntry } from './resultsBundleRegistry';

/**
 * evaluate() for a selection that may hold bundle models: the others run (evaluate), the bundle's
 * entries are read from it and placed in selection order before the baselines.
 */
export async function evaluateWithResults(
  dataset: Dataset,
  models: ModelInfo[],
  opts: EvaluateOptions = {},
): Promise<Evaluation> {
  const k = contextLength(models, dataset);
  const fit = compatible(models, dataset.dim, k, dataset.id);
  const fromBundle = fit.filter((m) => m.source === 'bundle');
  if (!fromBundle.length) return evaluate(dataset, models, opts);
  const bundled = fromBundle.map((m) => bundleEntry(m, dataset, k));
  const merge = (e: Evaluation): Evaluation => {
    const part = e.n < bundled[0].ranks.length;
    const extra = part
      ? restrictEntries(
          bundled,
          Array.from({ length: e.n }, (_, i) => i),
        )
      : bundled;
    const byId = new Map([...e.entries, ...extra].map((x) => [x.id, x]));
    const order = [
      ...fit.map((m) => m.id),
      ...e.entries.filter((x) => x.kind === 'baseline').map((x) => x.id),
    ];
    return { ...e, entries: order.flatMap((id) => byId.get(id) ?? []) };
  };
  // only fit models run, so the run's K stays the one the bundle was read at
  const run = fit.filter((m) => m.source !== 'bundle');
  const { onPartial, ...rest } = opts;
  const evaluation = await evaluate(dataset, run, {
    ...rest,
    ...(onPartial ? { onPartial: (p: Evaluation) => onPartial(merge(p)) } : {}),
  });
  if (evaluation.k !== k)
    fail(
      dataset.name,
      'bad-k',
      `one K for the bundle and the models (K = ${k})`,
      `K = ${evaluation.k}`,
    );
  return merge(evaluation);
}
