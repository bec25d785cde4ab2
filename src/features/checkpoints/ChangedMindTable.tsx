import { useMemo, useState } from 'react';
import type { Dataset } from '../../data/types';
import type { EvalEntry } from '../../metrics/evaluate';
import { changedMind, type PlannedCheckpoint } from '../../predictors/checkpoints';
import { windowsFor } from '../../predictors/evaluation';
import { windowArticles } from '../../predictors/predictWindow';

export interface ScoredCheckpoint extends PlannedCheckpoint {
  entry: EvalEntry;
}

interface Props {
  dataset: Dataset;
  k: number;
  checkpoints: ScoredCheckpoint[];
  /** opens window `w` in Predict with checkpoints a and b side by side */
  onOpen: (w: number, a: string, b: string) => void;
}

/** Rows shown: the windows that moved most. */
const TOP = 20;

/** Two checkpoint pickers (first and last by default) and the windows whose rank moved most. */
export function ChangedMindTable({ dataset, k, checkpoints, onOpen }: Props) {
  const [pick, setPick] = useState<{ a?: string; b?: string }>({});
  const ids = checkpoints.map((c) => c.id);
  // A pick from an earlier set falls back to the default, so a new drop never shows stale ids.
  const a = checkpoints.find((c) => c.id === pick.a) ?? checkpoints[0];
  const b = checkpoints.find((c) => c.id === pick.b) ?? checkpoints[checkpoints.length - 1];
  const rows = useMemo(() => changedMind(a.entry, b.entry, TOP), [a, b]);
  const titleOf = useMemo(() => {
    const articleOf = windowArticles(dataset, windowsFor(dataset, k));
    const titles = new Map((dataset.articles ?? []).map((x) => [x.id, x.title]));
    return (w: number) => (articleOf ? (titles.get(articleOf[w]) ?? '') : '');
  }, [dataset, k]);

  const select = (label: string, value: string, set: (id: string) => void) => (
    <label>
      {label}{' '}
      <select aria-label={label} value={value} onChange={(e) => set(e.target.value)}>
        {ids.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="panel changed-mind">
      <h2>Changed its mind</h2>
      <div className="changed-mind-picks">
        {select('Before', a.id, (id) => setPick({ ...pick, a: id }))}
        {select('After', b.id, (id) => setPick({ ...pick, b: id }))}
        <span className="muted">
          the {TOP} windows whose target rank moved most, by |log2(rank after / rank before)|
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="muted">
          No window changed rank between {a.id} and {b.id}.
        </p>
      ) : (
        <table data-testid="changed-mind">
          <thead>
            <tr>
              <th>window</th>
              <th>article</th>
              <th>rank</th>
              <th>cosine</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.window} data-window={r.window}>
                <td>
                  <button
                    className="btn"
                    title={`Open window ${r.window} in Predict with ${a.id} and ${b.id}`}
                    onClick={() => onOpen(r.window, a.id, b.id)}
                  >
                    #{r.window}
                  </button>
                </td>
                <td>{titleOf(r.window)}</td>
                <td data-rank-before={r.rankA} data-rank-after={r.rankB}>
                  {r.rankA} → {r.rankB}
                </td>
                <td>
                  {r.cosineA.toFixed(3)} → {r.cosineB.toFixed(3)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
