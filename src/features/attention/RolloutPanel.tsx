import { useMemo, useState } from 'react';
import { Plot, type PlotData } from '../../components/Plot';
import type { WindowSet } from '../../data/types';
import {
  futureTargets,
  gather,
  rollout,
  rolloutWindows,
  sampleFrom,
  type Analysable,
} from './splitAnalyses';
import { missingNotice } from './missingNotice';
import { JobButton } from '../../components/JobButton';
import { usePanelJob } from '../../jobs/useJob';
import { meanSeTraces } from './plots';

interface Props {
  runKey: string;
  label: string;
  windows: WindowSet;
  predictors: Analysable[];
  limit: number;
}

const STEPS = [1, 2, 3, 4, 5, 6, 8, 10];
interface RolloutResult {
  n: number;
  steps: number;
  rows: { p: Analysable; cos: Float32Array[] }[];
}

/** Feed each prediction back as the newest context vector for k steps; cosine to the true futures per step. */
export function RolloutPanel({ runKey, label, windows, predictors, limit }: Props) {
  const [steps, setSteps] = useState(3);
  const job = usePanelJob<RolloutResult>({
    key: `attention-rollout|${runKey}|${limit}|${steps}`,
    slot: 'attention-rollout',
    title: `Rollout · ${label}`,
    view: 'attention',
  });
  const shown = job.result ?? null;
  const eligible = useMemo(() => rolloutWindows(windows, steps), [windows, steps]);
  const counts = useMemo(
    () => new Map(STEPS.map((s) => [s, rolloutWindows(windows, s).length])),
    [windows],
  );
  const { k, dim: d } = windows;

  const run = () =>
    job.start(async ({ signal, report }) => {
      const idx = sampleFrom(eligible, limit);
      const { contexts } = gather(windows, idx);
      const futures = futureTargets(windows, idx, steps);
      const rows: { p: Analysable; cos: Float32Array[] }[] = [];
      for (const [j, p] of predictors.entries()) {
        const cos = await rollout(p, contexts, futures, idx.length, k, d, steps, {
          signal,
          onProgress: (f) => report((j + f) / predictors.length, p.name),
        });
        rows.push({ p, cos });
      }
      return { n: idx.length, steps, rows };
    });

  const traces = useMemo<PlotData[]>(
    () =>
      shown
        ? meanSeTraces(
            shown.rows,
            shown.n,
            Array.from({ length: shown.steps }, (_, s) => s + 1),
            'step',
          )
        : [],
    [shown],
  );

  return (
    <section className="panel" aria-label="Rollout">
      <div className="att-controls">
        <h2>Multi-step rollout</h2>
        <label>
          Steps{' '}
          <select
            aria-label="Rollout steps"
            value={steps}
            onChange={(e) => setSteps(Number(e.target.value))}
            disabled={!!job.progress}
          >
            {STEPS.map((s) => (
              <option key={s} value={s}>
                {s} ({counts.get(s)} windows)
              </option>
            ))}
          </select>
        </label>
        <JobButton job={job} onRun={run} disabled={eligible.length === 0}>
          {shown ? 'Re-run rollout' : 'Run rollout'}
        </JobButton>
        <span className="muted" data-testid="rollout-eligible">
          {eligible.length} of {windows.n} windows have {steps} true future sentences in the same
          article
          {eligible.length > limit ? ` (using ${limit})` : ''}
        </span>
      </div>
      {job.error && <p className="error">{job.error}</p>}
      {shown &&
        !job.progress &&
        missingNotice(
          shown.rows.map((r) => r.p),
          predictors,
        )}
      {shown && (
        <Plot
          title={`Cosine to the true future sentence per step (${label}, ${shown.n} windows, mean ± s.e.)`}
          data={traces}
          filename={`lvm-lens-rollout-${label}`}
          layout={{
            xaxis: { title: { text: 'step' }, dtick: 1 },
            yaxis: { title: { text: 'cosine' } },
          }}
        />
      )}
    </section>
  );
}
