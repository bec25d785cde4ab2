import { useEffect, useMemo, useState } from 'react';
import { cancelJob, listJobs, startJob, type JobSnapshot } from '../../jobs/runner';
import { useJobs } from '../../jobs/useJob';
import { ProgressBar } from '../../components/ProgressBar';
import { downloadBlob, toCsv, toJson } from '../../data/export';
import { DEFAULT_PLAN } from '../../engine/benchCore';
import { loadManifest, modelsUrl, type ManifestModel } from '../../predictors/manifest';
import {
  csvRows,
  formatMiB,
  formatMs,
  formatRatio,
  summaryRows,
  type RuntimeResult,
} from './benchTable';
import { runBrowserBench, type BrowserBenchReport } from './runBrowserBench';
import './bench.css';

const BATCHES = DEFAULT_PLAN.batches;
const BUDGETS = [500, 1000, 2000];

/** Benchmarks the shipped models on this browser's backends, batch by batch; table + export. */
export function BenchView() {
  const [manifest, setManifest] = useState<ManifestModel[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [batches, setBatches] = useState<number[]>(BATCHES);
  const [budgetMs, setBudgetMs] = useState(1000);
  const [chosenBaseline, setBaseline] = useState('wasm-1');
  const [manifestError, setManifestError] = useState<string | null>(null);
  useJobs(); // re-render on every job change
  // The newest run: it outlives the view (leave mid-run, come back to its bar or its table).
  const job = listJobs().find((j) => j.slot === 'bench') as
    JobSnapshot<BrowserBenchReport> | undefined;
  const report = job?.result ?? null;
  // the runtime every ratio is relative to: the chosen one when this run has it, else its first
  const baseline = report?.results.some((x) => x.id === chosenBaseline)
    ? chosenBaseline
    : (report?.results[0]?.id ?? chosenBaseline);
  const progress = job?.status === 'running' ? job.progress : null;
  const error =
    manifestError ??
    (job?.status === 'failed' ? job.error : job?.status === 'cancelled' ? 'Cancelled.' : null);

  useEffect(() => {
    loadManifest()
      .then((m) => {
        setManifest(m.models);
        setPicked(m.models.map((x) => x.id));
      })
      .catch((e: Error) => setManifestError(e.message));
  }, []);

  const rows = useMemo(
    () => (report ? summaryRows(report.results, baseline) : []),
    [report, baseline],
  );
  const labels = useMemo(
    () => Object.fromEntries((report?.results ?? []).map((r) => [r.id, r.label])),
    [report],
  );

  function start() {
    const models = manifest
      .filter((m) => picked.includes(m.id))
      .map((m) => ({ id: m.id, url: modelsUrl(m.file), k: m.K, dim: m.D }));
    startJob<BrowserBenchReport>(
      {
        key: `bench|${picked.join(',')}|${batches.join(',')}|${budgetMs}`,
        slot: 'bench',
        title: 'Bench',
        view: 'bench',
      },
      async (ctx) => {
        return runBrowserBench({
          models,
          plan: { batches, budgetMs },
          signal: ctx.signal,
          onProgress: (value, label) => ctx.report(value, label),
        });
      },
      // a benchmark is a measurement: run it again every time it is asked for
      { force: true, supersede: true },
    );
  }

  const toggle = <T,>(list: T[], v: T) =>
    list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
  const running = progress !== null;
  const timed = (report?.results ?? []).filter((r) => rows.some((x) => x.runtime === r.id));

  return (
    <div className="bench-view">
      <section className="panel bench-controls">
        <fieldset disabled={running}>
          <legend>Models</legend>
          {manifest.map((m) => (
            <label key={m.id}>
              <input
                type="checkbox"
                value={m.id}
                checked={picked.includes(m.id)}
                onChange={() => setPicked(toggle(picked, m.id))}
              />
              {m.name}
            </label>
          ))}
        </fieldset>
        <fieldset disabled={running}>
          <legend>Batch sizes</legend>
          {BATCHES.map((b) => (
            <label key={b}>
              <input
                type="checkbox"
                checked={batches.includes(b)}
                onChange={() => setBatches(toggle(batches, b).sort((x, y) => x - y))}
              />
              {b}
            </label>
          ))}
        </fieldset>
        <label>
          time per batch size{' '}
          <select
            value={budgetMs}
            disabled={running}
            onChange={(e) => setBudgetMs(Number(e.target.value))}
          >
            {BUDGETS.map((b) => (
              <option key={b} value={b}>
                {b / 1000} s
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          disabled={running || !picked.length || !batches.length}
          onClick={start}
        >
          Run benchmark
        </button>
        <p className="muted">
          Each model runs on WASM with 1 thread and with every core, on WebGPU and on WebNN where
          this browser has them, each in a fresh worker: a few untimed runs, then timed runs for the
          chosen time. Other tabs and programs skew the figures.
        </p>
      </section>
      {progress && (
        <ProgressBar
          value={progress.fraction}
          label={progress.label}
          onCancel={() => job && cancelJob(job.key)}
        />
      )}
      {error && <p className="error">{error}</p>}
      {report && (
        <section className="panel">
          <div className="bench-head">
            <h2>Results</h2>
            <label>
              ratios to{' '}
              <select value={baseline} onChange={(e) => setBaseline(e.target.value)}>
                {timed.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="btn"
              onClick={() => downloadBlob('lvm-lens-bench.csv', toCsv(csvRows(rows, labels)))}
            >
              Export CSV
            </button>
            <button
              type="button"
              className="btn"
              onClick={() =>
                downloadBlob('lvm-lens-bench.json', toJson({ ...report, baseline, summary: rows }))
              }
            >
              Export JSON
            </button>
          </div>
          <p className="muted">
            {report.environment.userAgent} · {report.environment.cores} cores · onnxruntime-web{' '}
            {report.environment.ortVersion} · cross-origin isolated:{' '}
            {String(report.environment.crossOriginIsolated)}
          </p>
          <RuntimeList results={report.results} />
          <div className="bench-scroll">
            <table className="bench-table" data-testid="bench-table">
              <thead>
                <tr>
                  <th>model</th>
                  <th>runtime</th>
                  <th>batch</th>
                  <th>runs</th>
                  <th>p50 ms</th>
                  <th>p95 ms</th>
                  <th>p99 ms</th>
                  <th>windows/s</th>
                  <th>p50 ×</th>
                  <th>windows/s ×</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.runtime}-${r.model}-${r.batch}`}>
                    <td>{r.model}</td>
                    <td>{labels[r.runtime]}</td>
                    <td>{r.batch}</td>
                    <td>{r.runs}</td>
                    <td>{formatMs(r.p50)}</td>
                    <td>{formatMs(r.p95)}</td>
                    <td>{formatMs(r.p99)}</td>
                    <td>{Math.round(r.throughput)}</td>
                    <td>{formatRatio(r.p50Ratio)}</td>
                    <td>{formatRatio(r.throughputRatio)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

function RuntimeList({ results }: { results: RuntimeResult[] }) {
  return (
    <ul className="bench-runtimes">
      {results.map((r) => (
        <li key={r.id}>
          <strong>{r.label}</strong>: {r.status}
          {r.note ? ` — ${r.note}` : ''}
          {r.memory ? ` · ${formatMiB(r.memory.bytes)} MiB (${r.memory.what})` : ''}
          {Object.entries(r.models).map(([id, m]) =>
            'error' in m ? (
              <span key={id} className="error">
                {' '}
                {id}: {m.error}
              </span>
            ) : (
              <span key={id} className="muted">
                {' '}
                · {id} load {formatMs(m.loadMs)} ms
              </span>
            ),
          )}
        </li>
      ))}
    </ul>
  );
}
