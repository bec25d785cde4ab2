/**
 * Compare's "Export report (.html)": gathers what the report states (hashes of the data and of each
 * model file, the app version, the URL state) and downloads reportHtml's document.
 */
import { useState } from 'react';
import { version } from '../../../package.json';
import { modelColor } from '../../components/colors';
import type { Dataset } from '../../data/types';
import { downloadBlob, exportName } from '../../data/export';
import type { ModelInfo } from '../../engine/types';
import { describeBank } from '../../metrics/bankDescription';
import { restrictEntries } from '../../metrics/evaluate';
import { windowsFor, type Evaluation } from '../../predictors/evaluation';
import { datasetHash, modelHash } from '../../predictors/modelHashes';
import { useAppStore } from '../../store';
import { perWindowRecords, type ExportFile } from './exports';
import { reportHtml } from './reportHtml';
import { EXPORT_WIDTH } from '../../components/Plot';
import { plotSvg } from '../../components/plotSvg';
import type { CompareRow } from './table';

export { datasetHash };

/** The app's URL state that reopens Compare on this dataset with these models. */
export function reportUrl(datasetId: string, modelIds: string[]): string {
  const models = modelIds.map(encodeURIComponent).join(',');
  return `?view=compare&data=${encodeURIComponent(datasetId)}${models ? `&models=${models}` : ''}`;
}

/** The report of an evaluation as shown (rows as in the table; `focus`: the Map's selection). */
export async function buildReport(
  dataset: Dataset,
  evaluation: Evaluation,
  rows: CompareRow[],
  focus: number[],
  models: ModelInfo[],
  now: Date,
  figures?: { title: string; svg: string }[],
): Promise<ExportFile> {
  const entries = focus.length ? restrictEntries(evaluation.entries, focus) : evaluation.entries;
  const modelEntries = evaluation.entries.filter((e) => e.kind === 'model');
  const hashes = await Promise.all(
    modelEntries.map(async (e) => {
      const info = models.find((m) => m.id === e.id);
      return [e.id, info ? await modelHash(info.loadId) : null] as const;
    }),
  );
  const w = windowsFor(dataset, evaluation.k);
  const html = reportHtml({
    dataset: {
      id: dataset.id,
      name: dataset.name,
      origin: dataset.origin,
      ...(await datasetHash(dataset)),
    },
    k: evaluation.k,
    windows: evaluation.n,
    covered: focus.length || evaluation.n,
    bank: describeBank(dataset),
    rows,
    modelHashes: Object.fromEntries(hashes),
    hitCurves: entries.map((e) => ({
      name: e.name,
      color: modelColor(e.id),
      values: e.summary.hitCurve,
    })),
    cosines: entries.map((e) => ({ name: e.name, color: modelColor(e.id), values: e.cosines })),
    perWindow: perWindowRecords(dataset, w, evaluation.entries, focus.length ? focus : undefined),
    version,
    date: now.toISOString(),
    // the evaluation is exact (every window, exact top-k, fixed baselines): nothing is sampled
    seeds: 'none (the evaluation has no randomness)',
    url: reportUrl(
      dataset.id,
      modelEntries.map((e) => e.id),
    ),
    figures,
  });
  return {
    name: exportName('', dataset.name, 'report', 'html'),
    blob: new Blob([html], { type: 'text/html' }),
  };
}

/**
 * Compare's plots as drawn on the page, each as its SVG export: the report embeds the very
 * figures the plots' "⤓ SVG" buttons download. Empty when none is drawn yet.
 */
async function drawnFigures(): Promise<{ title: string; svg: string }[]> {
  const out: { title: string; svg: string }[] = [];
  for (const fig of document.querySelectorAll<HTMLElement>('.compare-plots figure.plot')) {
    const graph = fig.querySelector<HTMLElement>('.js-plotly-plot');
    if (!graph) continue;
    out.push({
      title: fig.getAttribute('aria-label') ?? '',
      svg: await plotSvg(graph, EXPORT_WIDTH, graph.clientHeight || 340),
    });
  }
  return out;
}

/** The "Export report (.html)" button beside Compare's other exports. */
export function ReportButton(props: {
  dataset: Dataset;
  evaluation: Evaluation;
  rows: CompareRow[];
  focus: number[];
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const { dataset, evaluation, rows, focus } = props;
      const models = useAppStore.getState().models;
      const file = await buildReport(
        dataset,
        evaluation,
        rows,
        focus,
        models,
        new Date(),
        await drawnFigures(),
      );
      downloadBlob(file.name, file.blob);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        aria-label="Export report (.html)"
        title="One self-contained HTML file: the table, Hit@K and cosine plots, every window, and the hashes, version and URL that reproduce it"
        disabled={busy}
        onClick={run}
      >
        ⤓ report
      </button>
      {error && <span className="error">{error}</span>}
    </>
  );
}
