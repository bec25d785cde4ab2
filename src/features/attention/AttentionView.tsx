import { useMemo, useState } from 'react';
import { useAppStore } from '../../store';
import { objectKey } from '../../store/keys';
import { compatible } from '../../predictors/compatibility';
import { useCurrentWindows } from '../../predictors/useCurrentWindows';
import { bankText, contextText } from '../../predictors/predictWindow';
import { WindowPicker } from '../../components/WindowPicker';
import { DatasetSelect } from '../../components/DatasetSelect';
import { RobustnessPanel } from './RobustnessPanel';
import { RolloutPanel } from './RolloutPanel';
import { SplitPanel } from './SplitPanel';
import { WindowInspector } from './WindowInspector';
import { baselineAnalysable, modelAnalysable } from './runners';
import './attention.css';
import { NoDataYet } from '../../components/NoDataYet';

const LIMITS = [200, 1000, 5000, Infinity];

/** Inside the models: attention where a model has it, occlusion saliency for all, robustness, rollout. */
export function AttentionView() {
  const datasetId = useAppStore((s) => s.datasetId);
  const datasets = useAppStore((s) => s.datasets);
  const loadingModels = useAppStore((s) => s.loadingModels);
  const windowIndex = useAppStore((s) => s.windowIndex);
  const setWindowIndex = useAppStore((s) => s.setWindowIndex);
  const [limit, setLimit] = useState(1000);

  const { dataset, selected, k, windows, error: cutError, articleOf } = useCurrentWindows();
  const fitting = useMemo(
    () => (windows ? compatible(selected, windows.dim, k) : []),
    [selected, windows, k],
  );
  const interactive = useMemo(
    () => fitting.map((m) => modelAnalysable(m, 'interactive')),
    [fitting],
  );
  const bulk = useMemo(() => fitting.map((m) => modelAnalysable(m, 'bulk')), [fitting]);
  const withBaselines = useMemo(
    () =>
      windows
        ? [
            ...bulk,
            baselineAnalysable('linear_average', windows.dim),
            baselineAnalysable('persistence', windows.dim),
          ]
        : [],
    [bulk, windows],
  );

  if (cutError) return <p className="error">{cutError}</p>;
  if (!dataset || !windows)
    return <NoDataYet loading={datasets.length === 0} datasetId={datasetId} />;
  const n = windows.n;
  if (n === 0)
    return (
      <p className="notice">
        {dataset.name} has no window of {k} context vectors.
      </p>
    );
  const index = Math.min(windowIndex, n - 1);
  const windowText = (a: number) => contextText(dataset, windows, index, a);
  const targetIdx = windows.targetIndex[index];
  const article = articleOf ? dataset.articles?.find((a) => a.id === articleOf[index]) : undefined;
  // results are kept per data and K; each panel says when they predate a model that loaded since
  const runKey = `${objectKey(dataset)}|${k}`;
  const pick = (i: number) => setWindowIndex(Math.max(0, Math.min(n - 1, i)));

  return (
    <div className="attention-view">
      <section className="panel">
        <div className="att-controls">
          <DatasetSelect />
          <label>
            Split-wide runs use{' '}
            <select
              aria-label="Windows to analyse"
              value={String(limit)}
              onChange={(e) => setLimit(Number(e.target.value))}
            >
              {LIMITS.map((l) => (
                <option key={l} value={String(l)}>
                  {Number.isFinite(l) ? `${l} windows` : 'all windows'}
                </option>
              ))}
            </select>
          </label>
          <span className="muted">
            {fitting.length} model{fitting.length === 1 ? '' : 's'}
            {loadingModels.length ? ` · loading ${loadingModels.join(', ')}…` : ''}
          </span>
        </div>
        <WindowPicker
          dataset={dataset}
          windows={windows}
          articleOf={articleOf}
          index={index}
          onPick={pick}
        />
      </section>
      <section className="panel" aria-label="This window">
        <h2>
          {article ? (
            <>
              {article.title}{' '}
              <span className="muted">
                · {article.topic} · window {index}
              </span>
            </>
          ) : (
            `${dataset.name} · window ${index}`
          )}
        </h2>
        <WindowInspector
          windows={windows}
          index={index}
          models={interactive}
          contextText={windowText}
        />
        <p className="target">
          <span className="muted">True next sentence: </span>
          {targetIdx >= 0 ? bankText(dataset, targetIdx) : 'target vector (not in bank)'}
        </p>
      </section>
      <SplitPanel
        runKey={runKey}
        label={dataset.name}
        windows={windows}
        models={bulk}
        limit={limit}
        onPickWindow={pick}
      />
      <RobustnessPanel
        runKey={runKey}
        label={dataset.name}
        dataset={dataset}
        windows={windows}
        index={index}
        predictors={withBaselines}
        limit={limit}
        contextText={windowText}
      />
      <RolloutPanel
        runKey={runKey}
        label={dataset.name}
        windows={windows}
        predictors={withBaselines}
        limit={limit}
      />
    </div>
  );
}
