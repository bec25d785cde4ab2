/** App wiring of the Write view: the shared bank, predictors as columns, search via the retrieval worker. */
import { getDataset } from '../../store/datasets';
import { searchBank } from '../../engine/retrieval';
import type { ModelInfo } from '../../engine/types';
import { baselinePredictors, modelPredictor } from '../../predictors/evaluation';
import { compatible, DEFAULT_K } from '../../predictors/compatibility';
import type { ChainDeps, Column } from './chains';
import { WriteBank } from './writeBank';

/** The encoder's (and the demo data's) dimension. */
export const DIM = 384;

let bank: WriteBank | null = null;
let baseKey = '';

/** The one bank of this page: demo val + OOD (refreshed when they reload) + the user's sentences. */
export function writeBank(): WriteBank {
  bank ??= new WriteBank(DIM);
  const val = getDataset('demo-val');
  const ood = getDataset('demo-ood');
  const key = `${val?.bank.count ?? 0}|${ood?.bank.count ?? 0}|${val?.bank.vectors.length}|${ood?.bank.vectors.length}`;
  if (key !== baseKey && (val || ood)) {
    bank.setBase([
      ...(val ? [{ dataset: val, source: 'val' as const }] : []),
      ...(ood ? [{ dataset: ood, source: 'ood' as const }] : []),
    ]);
    baseKey = key;
  }
  return bank;
}

/** Selected models that read 384-D vectors (each with its own K), then the baselines at K=5. */
export async function writeColumns(models: ModelInfo[]): Promise<Column[]> {
  const fit = models.filter((m) => compatible([m], DIM, m.signature.k ?? DEFAULT_K).length > 0);
  return [
    ...fit.map((m) => ({
      predictor: modelPredictor(m, 'interactive'),
      k: m.signature.k ?? DEFAULT_K,
    })),
    ...(await baselinePredictors(DEFAULT_K, DIM)).map((p) => ({ predictor: p, k: DEFAULT_K })),
  ];
}

/** Chain dependencies over the shared bank (exact top-k in the retrieval worker). */
export function writeDeps(b: WriteBank): ChainDeps {
  return {
    dim: DIM,
    bankVector: (i) => b.vector(i),
    async search(queries, n, top, signal) {
      const res = await searchBank(
        b.ref(),
        {
          queries,
          n,
          // No target here: ranks are not used, but the kernel wants a vector per query.
          targetIndex: new Int32Array(n).fill(-1),
          targets: queries,
          contextIndex: new Int32Array(n).fill(-1),
          k: 1,
          top,
        },
        signal ? { signal } : {},
      );
      return { indices: res.topIndices, scores: res.topScores };
    },
  };
}
