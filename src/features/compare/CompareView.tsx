import { useEffect, useMemo, useState } from 'react';
import { useAppStore } from '../../store';
import { pendingModels, useSelectedModels, useCurrentDataset } from '../../store/selectors';
import { useShallow } from 'zustand/react/shallow';
import { ComparePlots } from './ComparePlots';
import { CompareTable, type NotRun } from './CompareTable';
import {
  AUTO_RUN_MAX_WINDOWS,
  compareKey,
  compareWork,
  windowCount,
  type CompareResult,
} from './compareJob';
import { prepareRetrieval } from '../../engine/retrieval';
import { fitReport, contextLength } from '../../predictors/compatibility';
import { isCached } from '../../predictors/evaluation';
import { restrictEntries } from '../../metrics/evaluate';
import { describeBank } from '../../metrics/bankDescription';
import { buildRows } from './table';
import { CompareExports, exportPredictions } from './CompareExports';
import { cancelJob, getJob, startJob } from '../../jobs/runner';
import { useJob } from '../../jobs/useJob';
import { ProgressBar } from '../../components/ProgressBar';
import { RoundTripPanel } from './RoundTripPanel';
import './compare.css';

/** Run every selected model and baseline over a whole split; table, exports and plots. */
export function CompareView() {
  const datasetId = useAppStore((s) => s.datasetId);
  const datasets = useAppStore((s) => s.datasets);
  const models = useAppStore((s) => s.models);
  const selectedModels = useAppStore((s) => s.selectedModels);
  const mapSelection = useAppStore((s) => s.mapSelection);
  const setMapSelection = useAppStore((s) => s.setMapSelection);
  const [measureSpeed, setMeasureSpeed] = useState(true);

  const selected = useSelectedModels();
  const dataset = useCurrentDataset();
  const waitingFor = useAppStore(useShallow(pendingModels));
  const k = contextLength(selected, dataset);
  const report = dataset ? fitReport(selected, dataset, k) : { fit: selected, unfit: [] };
  const notRun: NotRun[] = [
    ...waitingFor.map((id) => ({ id, name: id, reason: 'loading… (the run waits for it)' })),
    ...report.unfit.map((u) => ({ id: u.model.id, name: u.model.name, reason: u.reason })),
  ];

  const speedKey = dataset ? compareKey(dataset, selected, true) : null;
  const metricsKey = dataset ? compareKey(dataset, selected, false) : null;
  const speedJob = useJob<CompareResult>(speedKey);
  const metricsJob = useJob<CompareResult>(metricsKey);
  // The speed run holds the metrics too; while it has no result, the metrics-only run stands in.
  const job = speedJob?.result || speedJob?.status === 'running' ? speedJob : metricsJob;
  const running =
    speedJob?.status === 'running'
      ? speedJob
      : metricsJob?.status === 'running'
        ? metricsJob
        : undefined;
  const shown = job?.result;

  useEffect(() => {
    if (dataset) prepareRetrieval(dataset);
  }, [dataset]);

  const start = (speed: boolean, force: boolean) => {
    if (!dataset) return;
    const key = compareKey(dataset, selected, speed);
    startJob(
      { key, slot: 'compare', title: `Compare · ${dataset.name}`, view: 'compare' },
      compareWork(dataset, selected, { speed, force }),
      { force, supersede: true },
    );
  };

  // Never an empty screen: a small split is evaluated as soon as its models are loaded. Keyed by
  // what it is computed from, so StrictMode's second effect (or coming back) joins the same job.
  const small = !!dataset && windowCount(dataset, k) <= AUTO_RUN_MAX_WINDOWS;
  const ready = !!dataset && waitingFor.length === 0 && small;
  useEffect(() => {
    if (ready && metricsKey && !getJob(metricsKey) && !(speedKey && getJob(speedKey))) {
      start(false, false);
    }
    // `metricsKey` names everything the run depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, metricsKey]);

  // Windows picked on the Map narrow every figure to them; plot clicks map back to window indices.
  // Memoised on the evaluation, not the result (replaced as each model is timed), so the plots'
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
  const cached = dataset ? isCached(dataset, selected) : false;
  const done = measureSpeed ? speedJob?.status === 'done' : metricsJob?.status === 'done';

  return (
    <div className="compare-view">
      <section className="panel compare-controls">
        <span className="muted">
          {report.fit.length} of {selectedModels.length} selected model
          {selectedModels.length === 1 ? '' : 's'} + baselines
          {waitingFor.length ? ` · waiting for ${waitingFor.length} to load` : ''}
        </span>
        <label>
          <input
            type="checkbox"
            checked={measureSpeed}
            onChange={(e) => setMeasureSpeed(e.target.checked)}
          />{' '}
          measure speed
        </label>
        {running ? (
          <ProgressBar
            value={running.progress?.fraction ?? 0}
            label={running.progress?.label}
            onCancel={() => cancelJob(running.key)}
          />
        ) : (
          <button
            className="primary"
            onClick={() => start(measureSpeed, done || (cached && !measureSpeed))}
            disabled={!dataset || waitingFor.length > 0}
          >
            {done ? 'Re-run' : 'Run evaluation'}
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
      {job?.status === 'failed' && <p className="error">{job.error}</p>}
      {shown ? (
        <>
          <section className="panel">
            <div className="table-head">
              <h2>
                {datasets.find((d) => d.id === shown.evaluation.datasetId)?.name ??
                  shown.evaluation.datasetId}{' '}
                · {focus.length ? `${focus.length} of ` : ''}
                {shown.evaluation.n} windows · K = {shown.evaluation.k}
                {shown.evaluation.of ? (
                  <span className="muted" data-testid="partial-metrics">
                    {' '}
                    · so far: metrics over {shown.evaluation.n} of {shown.evaluation.of} windows (n
                    = {shown.evaluation.n}), {(shown.evaluation.wallMs / 1000).toFixed(1)} s
                  </span>
                ) : (
                  <span className="muted">
                    {' '}
                    · evaluated in {(shown.evaluation.wallMs / 1000).toFixed(2)} s
                  </span>
                )}
              </h2>
              {dataset && (
                <CompareExports
                  dataset={dataset}
                  evaluation={shown.evaluation}
                  rows={rows}
                  focus={focus}
                />
              )}
            </div>
            {dataset && (
              <p className="muted bank-line" data-testid="bank-description">
                {describeBank(dataset)}
              </p>
            )}
            {focus.length > 0 && (
              <p className="notice" data-testid="map-focus">
                Showing the {focus.length} windows selected on the Map.{' '}
                <button onClick={() => setMapSelection([])}>Show all windows</button>
              </p>
            )}
            <CompareTable
              rows={rows}
              notRun={notRun}
              onExportPredictions={
                dataset ? (id) => exportPredictions(dataset, shown.evaluation, id) : undefined
              }
            />
          </section>
          <ComparePlots
            datasetId={shown.evaluation.datasetId}
            entries={entries}
            models={models}
            running={
              shown.evaluation.of
                ? { done: shown.evaluation.n, of: shown.evaluation.of }
                : undefined
            }
            onPickWindow={(i) =>
              useAppStore.setState({
                datasetId: shown.evaluation.datasetId,
                windowIndex: windowOf(i),
                view: 'predict',
              })
            }
          />
          {dataset && (
            <RoundTripPanel dataset={dataset} evaluation={shown.evaluation} focus={focus} />
          )}
        </>
      ) : (
        dataset &&
        !running && (
          <p className="muted">
            {waitingFor.length
              ? `Waiting for ${waitingFor.join(', ')} to load…`
              : `Run the evaluation to score every selected model and baseline on ${dataset.name}.`}
          </p>
        )
      )}
    </div>
  );
}
