import { useMemo, useState } from 'react';
import { useAppStore } from '../../store';
import type { EntryAnalysis } from './analysisJob';
import type { SliceSet } from './sliceSets';
import { MIN_SLICE_WINDOWS, worstSlices, type GapMetric } from './worstSlices';

const BASELINE = 'linear_average';
const fmt = (metric: GapMetric, x: number) =>
  metric === 'hit5' ? `${(100 * x).toFixed(1)}%` : x.toFixed(3);

/** The slices where a model trails the linear average most; each opens its windows in Predict. */
export function WorstSlicesTable({
  sets,
  entries,
}: {
  sets: SliceSet[];
  entries: EntryAnalysis[];
}) {
  const [metric, setMetric] = useState<GapMetric>('hit5');
  const rows = useMemo(
    () =>
      worstSlices(
        entries.map((a) => ({ ...a.entry, slices: a.slices })),
        BASELINE,
        metric,
      ),
    [entries, metric],
  );
  const hasModel = entries.some((a) => a.entry.kind === 'model');
  const open = (windows: number[]) =>
    // Predict shows the slice's first window; Compare (and the Map's focus) get the whole slice.
    useAppStore.setState({ windowIndex: windows[0], mapSelection: windows, view: 'predict' });

  return (
    <section className="panel analysis-worst" data-testid="worst-slices">
      <div className="table-head">
        <h2>Worst slices</h2>
        <label>
          gap in{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value as GapMetric)}>
            <option value="hit5">Hit@5</option>
            <option value="cosine">mean cosine</option>
          </select>
        </label>
      </div>
      <p className="muted">
        Model minus linear average, per slice with at least {MIN_SLICE_WINDOWS} windows, most
        negative first. Open a row to step through its windows in Predict; Compare then shows only
        them.
      </p>
      {!hasModel ? (
        <p className="notice">Select a model: the baselines are what it is measured against.</p>
      ) : rows.length === 0 ? (
        <p className="notice">No slice has {MIN_SLICE_WINDOWS} windows or more.</p>
      ) : (
        <div className="table-scroll">
          <table className="worst-table">
            <thead>
              <tr>
                <th>model</th>
                <th>slice</th>
                <th>windows</th>
                <th>model</th>
                <th>linear average</th>
                <th>gap</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const set = sets[r.set];
                const windows = set.rows[r.group];
                return (
                  <tr key={`${r.modelId}|${set.key}|${r.group}`} data-model={r.modelId}>
                    <td>{r.modelName}</td>
                    <td>
                      {set.key}: {set.slicing!.labels[r.group]}
                    </td>
                    <td>{r.n}</td>
                    <td>{fmt(metric, r.model)}</td>
                    <td>{fmt(metric, r.baseline)}</td>
                    <td className={r.gap < 0 ? 'worse' : undefined}>
                      {r.gap > 0 ? '+' : ''}
                      {metric === 'hit5' ? `${(100 * r.gap).toFixed(1)} pp` : r.gap.toFixed(3)}
                    </td>
                    <td>
                      <button onClick={() => open(windows)}>Open in Predict</button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
