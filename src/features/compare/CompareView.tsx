import { useEffect, useMemo, useRef, useState } from 'react';
import { useAppStore } from '../../store';
import { selectedModelInfos, useCurrentDataset } from '../../store/selectors';
import { ComparePlots } from './ComparePlots';
import {
  evaluate,
  isCached,
  windowsFor,
  contextLength,
  compatible,
  type Evaluation,
} from '../../predictors/evaluation';
import { prepareRetrieval } from '../../engine/retrieval';
import { downloadBlob, toCsv, toJson } from '../../data/export';
import { measureModel, type PerfResult } from '../../predictors/perf';
import { restrictEntries } from '../../metrics/evaluate';
import { buildRows, compact, pct, toRecords } from './table';
import { modelColor } from '../../components/modelColors';
import { DatasetSelect } from '../../components/DatasetSelect';
import { ProgressBar } from '../../components/ProgressBar';
import './compare.css';

interface Shown {
  evaluation: Evaluation;
  perf: Map<string, PerfResult>;
}

// Results outlive the view (switching to Predict and back keeps them), keyed by dataset id.
const lastShown = new Map<string, Shown>();
const perfCache = new Map<string, PerfResult>();

/** Run every selected model and baseline over a whole split; table, exports and plots. */
export function CompareView() {
  const datasetId = useAppStore((s) => s.datasetId);
  const datasets = useAppStore((s) => s.datasets);
  const models = useAppStore((s) => s.models);
  const selectedModels = useAppStore((s) => s.selectedModels);
  const mapSelection = useAppStore((s) => s.mapSelection);
  const setMapSelection = useAppStore((s) => s.setMapSelection);
  const [shown, setShown] = useState<Shown | null>(() => lastShown.get(datasetId) ?? null);
  const [shownFor, setShownFor] = useState(datasetId);
  const [progress, setProgress] = useState<{ fraction: number; label: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [measureSpeed, setMeasureSpeed] = useState(true);
  const abort = useRef<AbortController | null>(null);

  if (shownFor !== datasetId) {
    setShownFor(datasetId);
    setShown(lastShown.get(datasetId) ?? null);
  }

  const selected = useMemo(
    () => selectedModelInfos({ models, selectedModels }),
    [models, selectedModels],
  );
  const dataset = useCurrentDataset();

  useEffect(() => {
    if (dataset) prepareRetrieval(dataset);
  }, [dataset]);

  const run = async (force: boolean) => {
    if (!dataset) return;
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setError(null);
    setProgress({ fraction: 0, label: 'starting' });
    try {
      const evaluation = await evaluate(dataset, selected, {
        signal: ac.signal,
        force,
        onProgress: (fraction, label) =>
          setProgress({ fraction: 0.8 * fraction, label: `evaluating ${label}` }),
      });
      const perf = new Map<string, PerfResult>();
      const next: Shown = { evaluation, perf };
      lastShown.set(dataset.id, next);
      setShown(next);
      if (measureSpeed) {
        const k = contextLength(selected);
        const w = windowsFor(dataset, k);
        const todo = compatible(selected, dataset.dim, k);
        for (const [i, m] of todo.entries()) {
          const key = `${m.id}:${m.loadMs}:${m.backend}`;
          let p = perfCache.get(key);
          if (!p) {
            p = await measureModel(m.id, w.contexts, w.n, k * w.dim, {
              signal: ac.signal,
              onProgress: (f) =>
                setProgress({
                  fraction: 0.8 + (0.2 * (i + f)) / todo.length,
                  label: `timing ${m.name}`,
                }),
            });
            perfCache.set(key, p);
          }
          perf.set(m.id, p);
          const updated = { evaluation, perf: new Map(perf) };
          lastShown.set(dataset.id, updated);
          setShown(updated);
        }
      }
    } catch (e) {
      // A cancelled run keeps whatever was shown before it.
      if ((e as Error).name !== 'AbortError') setError((e as Error).message);
    } finally {
      if (abort.current === ac) {
        abort.current = null;
        setProgress(null);
      }
    }
  };
  const cancel = () => {
    abort.current?.abort();
    abort.current = null;
    setProgress(null);
  };

  // Windows picked on the Map narrow every figure to them; plot clicks map back to window indices.
  // Memoised on the evaluation, not `shown` (replaced as each model is timed), so the plots'
  // memos hold across progress ticks.
  const evaluation = shown?.evaluation;
  const focus = useMemo(
    () => (evaluation ? mapSelection.filter((i) => i < evaluation.n) : []),
    [evaluation, mapSelection],
  );
  const entries = useMemo(
    () =>
      evaluation
        ? focus.length
          ? restrictEntries(evaluation.entries, focus)
          : evaluation.entries
        : [],
    [evaluation, focus],
  );
  const windowOf = (i: number) => (focus.length ? focus[i] : i);
  const rows = shown ? buildRows(shown.evaluation.datasetId, entries, models, shown.perf) : [];
  const exportCsv = () => downloadBlob(`lvm-lens-compare-${datasetId}.csv`, toCsv(toRecords(rows)));
  const exportJson = () => downloadBlob(`lvm-lens-compare-${datasetId}.json`, toJson(rows));
  const cached = dataset ? isCached(dataset, selected) : false;

  return (
    <div className="compare-view">
      <section className="panel compare-controls">
        <DatasetSelect disabled={!!progress} />
        <span className="muted">
          {selected.length} model{selected.length === 1 ? '' : 's'} + baselines
        </span>
        <label>
          <input
            type="checkbox"
            checked={measureSpeed}
            onChange={(e) => setMeasureSpeed(e.target.checked)}
          />{' '}
          measure speed
        </label>
        {progress ? (
          <ProgressBar value={progress.fraction} label={progress.label} onCancel={cancel} />
        ) : (
          <button
            className="primary"
            onClick={() => void run(cached && !!shown)}
            disabled={!dataset}
          >
            {cached && shown ? 'Re-run' : 'Run evaluation'}
          </button>
        )}
      </section>
      {!dataset && (
        <p className="notice">
          {datasets.length
            ? `Dataset "${datasetId}" is not loaded: pick one above or load it in Data.`
            : 'Loading the demo dataset…'}
        </p>
      )}
      {error && <p className="error">{error}</p>}
      {shown ? (
        <>
          <section className="panel">
            <div className="table-head">
              <h2>
                {datasets.find((d) => d.id === shown.evaluation.datasetId)?.name ??
                  shown.evaluation.datasetId}{' '}
                · {focus.length ? `${focus.length} of ` : ''}
                {shown.evaluation.n} windows · K = {shown.evaluation.k}
                <span className="muted">
                  {' '}
                  · evaluated in {(shown.evaluation.wallMs / 1000).toFixed(2)} s
                </span>
              </h2>
              <span>
                <button onClick={exportCsv}>CSV</button> <button onClick={exportJson}>JSON</button>
              </span>
            </div>
            {focus.length > 0 && (
              <p className="notice" data-testid="map-focus">
                Showing the {focus.length} windows selected on the Map.{' '}
                <button onClick={() => setMapSelection([])}>Show all windows</button>
              </p>
            )}
            <div className="table-scroll">
              <table className="compare-table" data-testid="compare-table">
                <thead>
                  <tr>
                    <th>Model</th>
                    <th>cosine</th>
                    <th>Hit@1</th>
                    <th>Hit@5</th>
                    <th>Hit@10</th>
                    <th>Hit@20</th>
                    <th>MRR</th>
                    <th>mean rank</th>
                    <th>p50 / p95 / p99 ms (batch 1)</th>
                    <th>throughput (best batch)</th>
                    <th>params</th>
                    <th>size</th>
                    <th>backend</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id} data-model={r.id}>
                      <th scope="row">
                        <span className="swatch" style={{ background: modelColor(r.id) }} />
                        {r.name}
                        {r.kind === 'baseline' && <span className="muted"> (baseline)</span>}
                      </th>
                      <td data-metric="cosine_mean" data-value={r.cosine_mean}>
                        {r.cosine_mean.toFixed(3)} ± {r.cosine_std.toFixed(3)}
                      </td>
                      <td data-metric="hit1" data-value={r.hit1}>
                        {pct(r.hit1)}
                      </td>
                      <td data-metric="hit5" data-value={r.hit5}>
                        {pct(r.hit5)}
                      </td>
                      <td data-metric="hit10" data-value={r.hit10}>
                        {pct(r.hit10)}
                      </td>
                      <td data-metric="hit20" data-value={r.hit20}>
                        {pct(r.hit20)}
                      </td>
                      <td data-metric="mrr" data-value={r.mrr}>
                        {r.mrr.toFixed(3)}
                      </td>
                      <td data-metric="mean_rank" data-value={r.mean_rank}>
                        {r.mean_rank.toFixed(1)}
                      </td>
                      <td>
                        {r.latency_p50_ms === null
                          ? r.kind === 'baseline'
                            ? 'n/a'
                            : '—'
                          : `${r.latency_p50_ms.toFixed(2)} / ${r.latency_p95_ms!.toFixed(2)} / ${r.latency_p99_ms!.toFixed(2)}`}
                      </td>
                      <td>
                        {r.throughput_per_s === null
                          ? '—'
                          : `${compact(r.throughput_per_s)}/s (${r.best_batch})`}
                      </td>
                      <td>{compact(r.params)}</td>
                      <td>
                        {r.bytes === null
                          ? '—'
                          : r.bytes
                            ? `${(r.bytes / 1e6).toFixed(2)} MB`
                            : '0'}
                      </td>
                      <td>{r.backend}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <ComparePlots
            datasetId={shown.evaluation.datasetId}
            entries={entries}
            models={models}
            onPickWindow={(i) =>
              useAppStore.setState({
                datasetId: shown.evaluation.datasetId,
                windowIndex: windowOf(i),
                view: 'predict',
              })
            }
          />
        </>
      ) : (
        dataset &&
        !progress && (
          <p className="muted">
            Run the evaluation to score every selected model and baseline on {dataset.name}.
          </p>
        )
      )}
    </div>
  );
}
