import { modelColor } from '../../components/colors';
import { compact, pct, type CompareRow } from './table';
import { PredictorName } from '../../components/PredictorName';

export interface NotRun {
  id: string;
  name: string;
  /** e.g. "loading…" or "expects 384-D; Demo OOD is 768-D" */
  reason: string;
}

/**
 * The metrics table: one row per model and baseline, then a row for each selected model not run.
 * `onExportPredictions` adds a last column with each row's predictions download.
 */
export function CompareTable({
  rows,
  notRun,
  onExportPredictions,
}: {
  rows: CompareRow[];
  notRun: NotRun[];
  onExportPredictions?: (id: string) => void;
}) {
  return (
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
            {onExportPredictions && <th>predictions</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-model={r.id}>
              <th scope="row">
                <PredictorName id={r.id} name={r.name} kind={r.kind} />
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
              <td data-metric="latency_ms">
                {r.latency_p50_ms === null
                  ? r.kind === 'baseline'
                    ? 'n/a'
                    : '—'
                  : `${r.latency_p50_ms.toFixed(2)} / ${r.latency_p95_ms!.toFixed(2)} / ${r.latency_p99_ms!.toFixed(2)}`}
              </td>
              <td data-metric="throughput">
                {r.throughput_per_s === null
                  ? '—'
                  : `${compact(r.throughput_per_s)}/s (${r.best_batch})`}
              </td>
              <td>{compact(r.params)}</td>
              <td>{r.bytes === null ? '—' : r.bytes ? `${(r.bytes / 1e6).toFixed(2)} MB` : '0'}</td>
              <td>{r.backend}</td>
              {onExportPredictions && (
                <td>
                  <button
                    className="small"
                    aria-label={`Export predictions of ${r.name} (.npy)`}
                    title={`${r.name}'s predictions on every window of the split, [N, D] float32`}
                    onClick={() => onExportPredictions(r.id)}
                  >
                    ⤓ .npy
                  </button>
                </td>
              )}
            </tr>
          ))}
          {notRun.map((m) => (
            <tr key={m.id} data-model={m.id} className="not-run">
              <th scope="row">
                <span className="swatch" style={{ background: modelColor(m.id) }} />
                {m.name}
              </th>
              <td colSpan={onExportPredictions ? 13 : 12} className="muted">
                not run: {m.reason}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
