import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { prepareRetrieval } from '../../engine/retrieval';
import { useCurrentWindows } from '../../predictors/useCurrentWindows';
import { PredictionColumn } from './PredictionColumn';
import {
  bankText,
  contextText,
  predictWindow,
  type ColumnResult,
} from '../../predictors/predictWindow';
import { nextArticleWindow, WindowPicker } from '../../components/WindowPicker';
import { downloadBlob } from '../../data/export';
import { describeBank } from '../../metrics/bankDescription';
import { windowJson } from './windowExport';
import './predict.css';
import { NoDataYet } from '../../components/NoDataYet';
import { objectKey } from '../../store/keys';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT');
}

/** The landing view: one window, its context and true next sentence, every predictor's neighbours. */
export function PredictView() {
  const datasetId = useAppStore((s) => s.datasetId);
  const datasets = useAppStore((s) => s.datasets);
  const loadingModels = useAppStore((s) => s.loadingModels);
  const windowIndex = useAppStore((s) => s.windowIndex);
  const setWindowIndex = useAppStore((s) => s.setWindowIndex);

  const {
    dataset,
    selected,
    selectedKey,
    k,
    windows,
    error: cutError,
    articleOf,
  } = useCurrentWindows();
  const n = windows?.n ?? 0;
  const index = Math.min(windowIndex, Math.max(0, n - 1));

  const [results, setResults] = useState<{ key: string; columns: ColumnResult[] } | null>(null);
  const [failure, setFailure] = useState<{ key: string; message: string } | null>(null);
  // Keyed by the dataset object, not its id: a file reloaded under the same id is another dataset.
  const runKey = `${dataset ? objectKey(dataset) : '-'}|${index}|${selectedKey}`;
  const error = failure?.key === runKey ? failure.message : null;

  useEffect(() => {
    if (dataset) prepareRetrieval(dataset);
  }, [dataset]);

  useEffect(() => {
    if (!dataset || !windows || n === 0) return;
    const ac = new AbortController();
    predictWindow(dataset, windows, index, selected, ac.signal).then(
      (columns) => {
        if (ac.signal.aborted) return;
        setResults({ key: runKey, columns });
        setFailure(null);
      },
      (e: Error) => {
        if (!ac.signal.aborted && e.name !== 'AbortError')
          setFailure({ key: runKey, message: e.message });
      },
    );
    return () => ac.abort();
  }, [dataset, windows, index, selected, n, runKey]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey || n === 0) return;
      if (e.key === 'ArrowLeft') setWindowIndex(Math.max(0, index - 1));
      else if (e.key === 'ArrowRight') setWindowIndex(Math.min(n - 1, index + 1));
      else if (e.key === 'n') setWindowIndex(nextArticleWindow(articleOf, index, n));
      else if (e.key === 'r') setWindowIndex(Math.floor(Math.random() * n));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, n, articleOf, setWindowIndex]);

  if (cutError) return <p className="error">{cutError}</p>;
  if (!dataset || !windows)
    return <NoDataYet loading={datasets.length === 0} datasetId={datasetId} />;
  if (n === 0)
    return (
      <section className="panel empty-state">
        <h2>No windows</h2>
        <p>
          {dataset.name} has no window of {k} context vectors plus a target inside one article.
        </p>
      </section>
    );

  const d = windows.dim;
  const article = articleOf ? dataset.articles?.find((a) => a.id === articleOf[index]) : undefined;
  const ctxText = (a: number) => contextText(dataset, windows, index, a);
  const targetIdx = windows.targetIndex[index];
  const stale = results && results.key !== runKey;
  const exportWindow = () => {
    if (!results || stale) return;
    const { name, blob } = windowJson(
      dataset,
      windows,
      index,
      results.columns,
      articleOf ? articleOf[index] : null,
    );
    downloadBlob(name, blob);
  };
  return (
    <div className="predict-view">
      <section className="panel">
        <WindowPicker
          dataset={dataset}
          windows={windows}
          articleOf={articleOf}
          index={index}
          onPick={(i) => setWindowIndex(Math.max(0, Math.min(n - 1, i)))}
        />
      </section>
      <section className="panel window-text" aria-label="Window">
        <h2>
          {article ? (
            <>
              {article.title} <span className="muted">· {article.topic}</span>
            </>
          ) : (
            dataset.name
          )}
        </h2>
        <ol className="context" aria-label="Context sentences">
          {Array.from({ length: k }, (_, a) => (
            <li key={a}>{ctxText(a)}</li>
          ))}
        </ol>
        <p className="target" data-testid="target">
          <span className="muted">True next sentence: </span>
          {targetIdx >= 0 ? bankText(dataset, targetIdx) : `target vector (${d}-D, not in bank)`}
        </p>
      </section>
      {selected.length === 0 && (
        <p className="notice">
          {loadingModels.length
            ? `Loading models: ${loadingModels.join(', ')}…`
            : 'No model selected: showing the baselines. Load or select models in Models.'}
        </p>
      )}
      {error && <p className="error">{error}</p>}
      <div className="columns-head">
        <p className="muted bank-line" data-testid="bank-description">
          {describeBank(dataset)}
        </p>
        <button
          aria-label="Export this window (.json)"
          title="Context, target and every model's cosine, rank and top-10 neighbours"
          disabled={!results || !!stale}
          onClick={exportWindow}
        >
          ⤓ window .json
        </button>
      </div>
      {results ? (
        <section className={stale ? 'columns stale' : 'columns'} aria-busy={!!stale}>
          {results.columns.map((c) => (
            <PredictionColumn key={c.id} result={c} dataset={dataset} />
          ))}
        </section>
      ) : (
        !error && <p className="muted">Predicting…</p>
      )}
    </div>
  );
}
