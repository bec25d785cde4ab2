import { useMemo, useState } from 'react';
import { JobButton } from '../../components/JobButton';
import { Plot } from '../../components/Plot';
import type { Dataset } from '../../data/types';
import { usePanelJob } from '../../jobs/useJob';
import { sampleWindows } from '../../metrics/roundTrip';
import type { Evaluation } from '../../predictors/evaluation';
import { PredictorName } from '../../components/PredictorName';
import {
  ROUND_TRIP_SAMPLE,
  roundTripBlocked,
  roundTripKey,
  roundTripWork,
  type RoundTripResult,
} from './roundTripJob';
import { roundTripBoxes } from './comparePlotData';

interface Props {
  dataset: Dataset;
  evaluation: Evaluation;
  /** windows picked on the Map (empty: the whole split) */
  focus: number[];
}

const METRICS = [
  { key: 'predVsReembedded', label: 'cos(prediction, re-embedded)' },
  { key: 'targetVsReembedded', label: 'cos(target, re-embedded)' },
  { key: 'manifoldDistance', label: 'distance to nearest sentence' },
] as const;

/**
 * The round trip on a sample of Compare's windows: does the nearest real sentence, re-embedded
 * from its text, still say what the predicted vector says? (docs/metrics.md, "Round trip")
 */
export function RoundTripPanel({ dataset, evaluation, focus }: Props) {
  const [cap, setCap] = useState(ROUND_TRIP_SAMPLE);
  const pool = useMemo(
    () => (focus.length ? focus : Array.from({ length: evaluation.n }, (_, i) => i)),
    [focus, evaluation.n],
  );
  const windows = useMemo(() => sampleWindows(pool, cap), [pool, cap]);
  const job = usePanelJob<RoundTripResult>({
    key: roundTripKey(dataset, evaluation, windows),
    slot: 'roundtrip',
    title: `Round trip · ${dataset.name}`,
    view: 'compare',
  });
  const blocked = roundTripBlocked(dataset);
  const result = job.result;
  const boxes = useMemo(() => roundTripBoxes(result?.rows ?? [], METRICS), [result]);

  return (
    <section className="panel round-trip" data-testid="round-trip" aria-label="Round trip">
      <h2>Round trip</h2>
      <p className="muted">
        Each prediction is decoded to its nearest bank sentence, that sentence&apos;s text is
        embedded again in this browser (all-MiniLM-L6-v2), and the result is compared with the
        prediction and with the true next sentence. Re-embedding a demo sentence reproduces its
        stored vector only within the encoder&apos;s parity bound (cosine ≥ 0.999), not exactly.
      </p>
      {blocked ? (
        <p className="notice" data-testid="round-trip-blocked">
          {blocked}
        </p>
      ) : (
        <div className="compare-controls">
          <label>
            sample{' '}
            <input
              type="number"
              min={1}
              max={pool.length}
              value={cap}
              aria-label="Windows in the sample"
              onChange={(e) => setCap(Math.max(1, Math.floor(Number(e.target.value)) || 1))}
            />
          </label>
          <span className="muted" data-testid="round-trip-sample">
            {windows.length} of {pool.length}{' '}
            {focus.length ? 'windows selected on the Map' : 'windows'}, evenly spaced
          </span>
          <JobButton job={job} onRun={() => job.start(roundTripWork(dataset, evaluation, windows))}>
            {result ? 'Re-run round trip' : 'Run round trip'}
          </JobButton>
        </div>
      )}
      {job.error && <p className="error">{job.error}</p>}
      {result && (
        <>
          <div className="table-scroll">
            <table className="compare-table" data-testid="round-trip-table">
              <thead>
                <tr>
                  <th>Model</th>
                  {METRICS.map((m) => (
                    <th key={m.key}>mean {m.label}</th>
                  ))}
                  <th>windows</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.id} data-model={r.id}>
                    <th scope="row">
                      <PredictorName id={r.id} name={r.name} kind={r.kind} />
                    </th>
                    {METRICS.map((m) => (
                      <td key={m.key} data-metric={m.key} data-value={r[m.key]}>
                        {r[m.key].toFixed(3)}
                      </td>
                    ))}
                    <td>{r.n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            {result.sentences} distinct sentences re-embedded. High cos(prediction, re-embedded)
            with a small distance: the prediction sits among real sentences and its text keeps its
            meaning; a large distance means no real sentence says what the vector says.
          </p>
          <Plot
            title="Round trip per window"
            data={boxes}
            layout={{ boxmode: 'group', yaxis: { title: { text: 'cosine / distance' } } }}
            filename={`lvm-lens-roundtrip-${dataset.id}`}
          />
        </>
      )}
    </section>
  );
}
