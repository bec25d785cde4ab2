import type { Dataset } from '../../data/types';
import { downloadBlob, toCsv, toJson } from '../../data/export';
import type { Evaluation } from '../../predictors/evaluation';
import { windowsFor } from '../../predictors/evaluation';
import { perWindowCsv, perWindowJson, perWindowRecords, predictionsNpy } from './exports';
import { toRecords, type CompareRow } from './table';
import { ReportButton } from './report';

/** Download one predictor's predictions on the whole split (row i = window i). */
export function exportPredictions(dataset: Dataset, evaluation: Evaluation, id: string): void {
  const entry = evaluation.entries.find((e) => e.id === id);
  if (!entry) return;
  const { name, blob } = predictionsNpy(dataset, entry);
  downloadBlob(name, blob);
}

/**
 * The table's export buttons: the summary rows as shown, and every shown window's results (all
 * windows, or the Map selection) for all predictors together.
 */
export function CompareExports({
  dataset,
  evaluation,
  rows,
  focus,
}: {
  dataset: Dataset;
  evaluation: Evaluation;
  rows: CompareRow[];
  /** windows selected on the Map; empty = all */
  focus: number[];
}) {
  const exportSummary = (format: 'csv' | 'json') =>
    downloadBlob(
      `lvm-lens-compare-${dataset.id}.${format}`,
      format === 'csv' ? toCsv(toRecords(rows)) : toJson(rows),
    );
  const exportPerWindow = (format: 'csv' | 'json') => {
    const w = windowsFor(dataset, evaluation.k);
    const selection = focus.length > 0;
    const records = perWindowRecords(dataset, w, evaluation.entries, selection ? focus : undefined);
    const { name, blob } =
      format === 'csv'
        ? perWindowCsv(dataset, records, selection)
        : perWindowJson(dataset, w, evaluation.entries, records, selection);
    downloadBlob(name, blob);
  };
  const scope = focus.length ? `the ${focus.length} selected windows` : 'every window';
  return (
    <span className="compare-exports">
      <button onClick={() => exportSummary('csv')}>CSV</button>{' '}
      <button onClick={() => exportSummary('json')}>JSON</button>{' '}
      <span className="muted">per window:</span>{' '}
      <button
        aria-label="Export per-window results (.csv)"
        title={`Cosine, rank, Hit@1/5/10 and top-10 neighbours of every model and baseline, for ${scope}`}
        onClick={() => exportPerWindow('csv')}
      >
        ⤓ .csv
      </button>{' '}
      <button
        aria-label="Export per-window results (.json)"
        title={`Cosine, rank, Hit@1/5/10 and top-10 neighbours of every model and baseline, for ${scope}`}
        onClick={() => exportPerWindow('json')}
      >
        ⤓ .json
      </button>{' '}
      <ReportButton dataset={dataset} evaluation={evaluation} rows={rows} focus={focus} />
    </span>
  );
}
