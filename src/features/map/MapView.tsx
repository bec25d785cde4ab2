import { useCallback, useState } from 'react';
import {
  DEFAULT_LAYOUT_PARAMS,
  type LayoutEngine,
  type LayoutParams,
} from '../../projection/types';
import { useAppStore } from '../../store';
import { useSelectedModels, useCurrentDataset } from '../../store/selectors';
import { cancelJob } from '../../jobs/runner';
import { MapFilters } from './MapFilters';
import { NO_FILTER, type MapFilter } from './mapFilter';
import { MapPlot } from './MapPlot';
import type { ColourBy } from './mapScene';
import { useMapLayers } from './useMapLayers';
import { useMapLayout } from './useMapLayout';
import './map.css';

/** UMAP of the targets and every selected model's predictions, each prediction tied to its target. */
export function MapView() {
  const setWindowIndex = useAppStore((s) => s.setWindowIndex);
  const setView = useAppStore((s) => s.setView);
  const setMapSelection = useAppStore((s) => s.setMapSelection);
  const mapSelection = useAppStore((s) => s.mapSelection);
  const windowIndex = useAppStore((s) => s.windowIndex);

  const dataset = useCurrentDataset();
  const selected = useSelectedModels();
  const [params, setParams] = useState<LayoutParams>(DEFAULT_LAYOUT_PARAMS);
  const [contexts, setContexts] = useState(false);
  const [bankSample, setBankSample] = useState(0);
  const [baselines, setBaselines] = useState(false);
  const [engine, setEngine] = useState<LayoutEngine>('lens');
  const [colourBy, setColourBy] = useState<ColourBy>('model');
  const [lines, setLines] = useState(true);
  const [picked, setPicked] = useState<number[]>([]);
  const [labels, setLabels] = useState(true);
  const [density, setDensity] = useState(false);
  const [filter, setFilter] = useState<MapFilter>(NO_FILTER);

  const layout = useMapLayout(dataset, selected, {
    params,
    engine,
    contexts,
    bankSample,
    baselines,
  });
  const { fit, useBaselines, key, layOut, running, shown, shownKey, progress, error, cancelled } =
    layout;
  const layers = useMapLayers(shown, {
    colourBy,
    lines,
    labels,
    density,
    filter,
    picked,
    mapSelection,
    windowIndex,
  });
  const { filtered } = layers;
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
          <button onClick={() => running && cancelJob(running.key)}>Cancel</button>
        ) : (
          <button onClick={layOut} disabled={shownKey === key}>
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
        <label>
          <input type="checkbox" checked={labels} onChange={(e) => setLabels(e.target.checked)} />
          labels
        </label>
        <label>
          <input type="checkbox" checked={density} onChange={(e) => setDensity(e.target.checked)} />
          density
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
            {shownKey !== key && ' · parameters changed: press Lay out'}
          </p>
          <MapFilters
            filter={layers.active}
            onChange={setFilter}
            topics={layers.topicNames}
            predictors={shown.points.predictors}
            passing={filtered ? filtered.windows.length : null}
            windows={shown.points.windows}
            selection={mapSelection}
            onApply={() => {
              if (!filtered) return;
              setMapSelection(filtered.windows);
              setView('compare');
            }}
          />
          <MapPlot
            scene={layers.scene}
            lines={layers.lines}
            revision={shownKey ?? ''}
            labels={layers.labels}
            density={layers.density}
            path={layers.path}
            hover={layers.hover}
            filename={`map_${shown.dataset.id}.png`}
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
        !error &&
        (cancelled ? (
          <p>Layout cancelled: press Lay out to draw the map.</p>
        ) : (
          <p>Laying out the map…</p>
        ))
      )}
    </section>
  );
}
