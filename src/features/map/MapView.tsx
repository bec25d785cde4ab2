import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Dataset } from '../../data/types';
import { isCancelled, mapLayouts } from '../../projection/client';
import {
  DEFAULT_LAYOUT_PARAMS,
  type LayoutEngine,
  type LayoutParams,
  type LayoutResult,
} from '../../projection/types';
import { useAppStore } from '../../store';
import { selectedModelInfos, useCurrentDataset } from '../../store/selectors';
import {
  baselinePredictors,
  modelPredictor,
  windowsFor,
} from '../../predictors/evaluation';
import { compatible, contextLength } from '../../predictors/compatibility';
import { buildMapPoints, type MapPoints } from './mapData';
import { MapPlot } from './MapPlot';
import { mapTraces, trajectoryOf, type ColourBy } from './mapTraces';
import { predictAll } from './runMap';
import './map.css';

interface Shown {
  key: string;
  dataKey: string;
  dataset: Dataset;
  points: MapPoints;
  result: LayoutResult;
  contextIndex: Int32Array;
  k: number;
}

/** UMAP of the targets and every selected model's predictions, each prediction tied to its target. */
export function MapView() {
  const datasetId = useAppStore((s) => s.datasetId);
  const models = useAppStore((s) => s.models);
  const selectedModels = useAppStore((s) => s.selectedModels);
  const setWindowIndex = useAppStore((s) => s.setWindowIndex);
  const setView = useAppStore((s) => s.setView);
  const setMapSelection = useAppStore((s) => s.setMapSelection);
  const windowIndex = useAppStore((s) => s.windowIndex);

  const dataset = useCurrentDataset();
  const selected = useMemo(
    () => selectedModelInfos({ models, selectedModels }),
    [models, selectedModels],
  );
  const [params, setParams] = useState<LayoutParams>(DEFAULT_LAYOUT_PARAMS);
  const [contexts, setContexts] = useState(false);
  const [bankSample, setBankSample] = useState(0);
  const [baselines, setBaselines] = useState(false);
  const [engine, setEngine] = useState<LayoutEngine>('lens');
  const [colourBy, setColourBy] = useState<ColourBy>('model');
  const [lines, setLines] = useState(true);
  const [progress, setProgress] = useState<{ label: string; fraction: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const abort = useRef<AbortController | null>(null);

  const k = contextLength(selected);
  const fit = dataset ? compatible(selected, dataset.dim, k) : [];
  // Without a model the map still shows something: the baselines stand in.
  const useBaselines = baselines || fit.length === 0;
  // What is mapped (re-laid out on its own when it changes) and how (on "Lay out").
  const dataKey = [
    datasetId,
    k,
    fit.map((m) => `${m.id}:${m.loadMs}`).join(','),
    useBaselines,
    contexts,
    bankSample,
  ].join('|');
  const key = [
    dataKey,
    params.nNeighbors,
    params.minDist,
    params.nEpochs,
    params.seed,
    engine,
  ].join('|');

  const run = useCallback(async () => {
    if (!dataset) return;
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setError(null);
    try {
      const w = windowsFor(dataset, k);
      setProgress({ label: 'predicting', fraction: 0 });
      const predictors = [
        ...fit.map((m) => ({
          key: `${m.id}:${m.loadMs}:k${k}`,
          predictor: modelPredictor(m, 'bulk'),
        })),
        ...(useBaselines
          ? // The global mean predicts one vector for every window: nothing to map.
            (await baselinePredictors(k, dataset.dim))
              .filter((p) => p.id !== 'global_mean')
              .map((p) => ({
                key: `b:${p.id}:${k}`,
                predictor: p,
              }))
          : []),
      ];
      const preds = await predictAll(dataset, w, predictors, ac.signal);
      const points = buildMapPoints(dataset, w, preds, { contexts, bankSample });
      const result = await mapLayouts.run(
        key,
        () => ({ vectors: points.vectors, n: points.n, dim: points.dim, params, engine }),
        {
          signal: ac.signal,
          onProgress: (done, total) => {
            const epochs = params.nEpochs;
            const knn = total - epochs;
            setProgress(
              done <= knn
                ? { label: 'nearest neighbours', fraction: done / Math.max(1, knn) }
                : { label: `epoch ${done - knn} / ${epochs}`, fraction: (done - knn) / epochs },
            );
          },
        },
      );
      if (!ac.signal.aborted)
        setShown({ key, dataKey, dataset, points, result, contextIndex: w.contextIndex, k });
    } catch (e) {
      if (!isCancelled(e)) setError((e as Error).message);
    } finally {
      if (abort.current === ac) {
        abort.current = null;
        setProgress(null);
      }
    }
    // `key` summarises every input below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, dataset]);

  // Never an empty screen: lay out the default map as soon as the data is there, and again when the
  // data, the models (e.g. one finished loading) or the point options change.
  const stale = !!dataset && (shown?.dataset !== dataset || shown.dataKey !== dataKey);
  useEffect(() => {
    if (stale && !abort.current) void run();
  }, [stale, run, shown]);
  useEffect(() => () => abort.current?.abort(), []);

  const traces = useMemo(
    () =>
      shown
        ? mapTraces(
            shown.points,
            shown.result.embedding,
            shown.dataset,
            colourBy,
            lines,
            trajectoryOf(shown.points, shown.contextIndex, shown.k, windowIndex),
          )
        : [],
    [shown, colourBy, lines, windowIndex],
  );
  const openWindow = useCallback(
    (w: number) => {
      setWindowIndex(w);
      setView('predict');
    },
    [setWindowIndex, setView],
  );

  const num = (field: keyof LayoutParams, min: number, max: number, step: number) => (
    <label>
      {field === 'nNeighbors'
        ? 'n_neighbors'
        : field === 'minDist'
          ? 'min_dist'
          : field === 'nEpochs'
            ? 'epochs'
            : 'seed'}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={params[field]}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v))
            setParams({ ...params, [field]: Math.min(max, Math.max(min, v)) });
        }}
      />
    </label>
  );

  if (!dataset) return <section className="panel">Loading the dataset…</section>;
  return (
    <section className="panel map-view">
      <div className="map-controls">
        {num('nNeighbors', 2, 100, 1)}
        {num('minDist', 0, 1, 0.05)}
        {num('nEpochs', 10, 1000, 10)}
        {num('seed', 0, 2 ** 31 - 1, 1)}
        <label>
          <input
            type="checkbox"
            checked={contexts}
            onChange={(e) => setContexts(e.target.checked)}
          />
          contexts
        </label>
        <label>
          bank sample
          <input
            type="number"
            min={0}
            max={20000}
            step={500}
            value={bankSample}
            onChange={(e) => setBankSample(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={useBaselines}
            disabled={fit.length === 0}
            onChange={(e) => setBaselines(e.target.checked)}
          />
          baselines
        </label>
        <label>
          optimiser
          <select value={engine} onChange={(e) => setEngine(e.target.value as LayoutEngine)}>
            <option value="lens">lens (fast)</option>
            <option value="umap-js">umap-js</option>
          </select>
        </label>
        {progress ? (
          <button onClick={() => abort.current?.abort()}>Cancel</button>
        ) : (
          <button onClick={() => void run()} disabled={shown?.key === key}>
            Lay out
          </button>
        )}
        <span className="map-sep" />
        <label>
          colour
          <select value={colourBy} onChange={(e) => setColourBy(e.target.value as ColourBy)}>
            <option value="model">by model</option>
            <option value="error">by cosine error</option>
            <option value="topic">by topic</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={lines} onChange={(e) => setLines(e.target.checked)} />
          lines
        </label>
      </div>
      {progress && (
        <div
          className="map-progress"
          role="progressbar"
          aria-valuenow={Math.round(progress.fraction * 100)}
        >
          <span style={{ width: `${progress.fraction * 100}%` }} />
          <em>{progress.label}</em>
        </div>
      )}
      {error && <p className="error">{error}</p>}
      {shown ? (
        <>
          <p className="map-status" data-testid="map-status">
            {shown.points.n.toLocaleString()} points · {shown.points.windows} windows · kNN{' '}
            {shown.result.knnCached
              ? 'cached'
              : `${Math.round(shown.result.knnMs)} ms (${shown.result.knnBackend})`}{' '}
            · layout {Math.round(shown.result.layoutMs)} ms ({shown.result.engine})
            {shown.key !== key && ' · parameters changed: press Lay out'}
          </p>
          <MapPlot
            data={traces}
            revision={shown.key}
            onWindowClick={openWindow}
            onSelectWindows={setPicked}
          />
          {picked.length > 0 && (
            <p className="map-selection">
              {picked.length} windows selected{' '}
              <button
                onClick={() => {
                  setMapSelection(picked);
                  setView('compare');
                }}
              >
                Open in Compare
              </button>
            </p>
          )}
        </>
      ) : (
        !error && <p>Laying out the map…</p>
      )}
    </section>
  );
}
