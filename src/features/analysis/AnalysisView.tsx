import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { pendingModels, useSelectedModels, useCurrentDataset } from '../../store/selectors';
import { contextLength } from '../../predictors/compatibility';
import { countWindows } from '../../data/windows';
import { getJob } from '../../jobs/runner';
import { usePanelJob } from '../../jobs/useJob';
import { ProgressBar } from '../../components/ProgressBar';
import { analysisKey, analysisWork, type AnalysisResult } from './analysisJob';
import { SlicePlots } from './SlicePlots';
import { WorstSlicesTable } from './WorstSlicesTable';
import { GeometryPanel } from './GeometryPanel';
import './analysis.css';

/** Splits at or below this many windows are analysed as soon as the view opens. */
export const AUTO_RUN_MAX_WINDOWS = 2000;

/** Error slices, worst slices and prediction geometry of the selected models and baselines. */
export function AnalysisView() {
  const selected = useSelectedModels();
  const dataset = useCurrentDataset();
  const waitingFor = useAppStore(useShallow(pendingModels));
  const k = contextLength(selected, dataset);
  const key = dataset ? analysisKey(dataset, selected) : 'analysis|none';
  const job = usePanelJob<AnalysisResult>({
    key,
    slot: 'analysis',
    title: `Analysis · ${dataset?.name ?? ''}`,
    view: 'analysis',
  });
  const windows = dataset ? countWindows(dataset, k) : 0;
  const ready = !!dataset && waitingFor.length === 0;

  // Never an empty screen: a small split is analysed once its models are loaded. The key names
  // what the run depends on, so StrictMode's second effect (or coming back) finds the same job.
  useEffect(() => {
    if (ready && windows > 0 && windows <= AUTO_RUN_MAX_WINDOWS && !getJob(key)) {
      job.start(analysisWork(dataset, selected));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, key]);

  const result = job.result;
  return (
    <div className="analysis-view">
      <section className="panel analysis-controls">
        <span className="muted">
          {dataset ? `${dataset.name} · ${windows} windows · K = ${k}` : 'Loading the dataset…'}
          {waitingFor.length ? ` · waiting for ${waitingFor.join(', ')} to load` : ''}
        </span>
        {job.progress ? (
          <ProgressBar
            value={job.progress.fraction}
            label={job.progress.label}
            onCancel={job.cancel}
          />
        ) : (
          <button
            className="primary"
            disabled={!ready || windows === 0}
            onClick={() => dataset && job.start(analysisWork(dataset, selected))}
          >
            {result ? 'Re-run' : 'Run analysis'}
          </button>
        )}
      </section>
      {job.error && <p className="error">{job.error}</p>}
      {result ? (
        <>
          <WorstSlicesTable sets={result.sets} entries={result.entries} />
          <SlicePlots sets={result.sets} entries={result.entries} />
          <GeometryPanel result={result} />
        </>
      ) : (
        dataset &&
        !job.progress && (
          <p className="muted">
            {windows > AUTO_RUN_MAX_WINDOWS
              ? `${windows} windows: press Run analysis to evaluate and slice them.`
              : 'Press Run analysis to evaluate and slice the windows.'}
          </p>
        )
      )}
    </div>
  );
}
