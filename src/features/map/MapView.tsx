import { useCallback, useState } from 'react';
import {
  DEFAULT_LAYOUT_PARAMS,
  type LayoutEngine,
  type LayoutParams,
} from '../../projection/types';
import { useAppStore } from '../../store';
import { useSelectedModels, useCurrentDataset } from '../../store/selectors';
import { cancelJob } from '../../jobs/runner';
import { MapDisplayControls } from './MapDisplayControls';
import { MapFilters } from './MapFilters';
import { NO_FILTER, type MapFilter } from './mapFilter';
import { MapLayoutControls } from './MapLayoutControls';
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

  if (!dataset) return <section className="panel">Loading the dataset…</section>;
  return (
    <section className="panel map-view">
      <div className="map-controls">
        <MapLayoutControls
          params={params}
          onParams={setParams}
          contexts={contexts}
          onContexts={setContexts}
          bankSample={bankSample}
          onBankSample={setBankSample}
          baselines={useBaselines}
          baselinesOnly={fit.length === 0}
          onBaselines={setBaselines}
          engine={engine}
          onEngine={setEngine}
          busy={!!progress}
          onCancel={() => running && cancelJob(running.key)}
          onLayOut={layOut}
          laidOut={shownKey === key}
        />
        <span className="map-sep" />
        <MapDisplayControls
          colourBy={colourBy}
          onColourBy={setColourBy}
          lines={lines}
          onLines={setLines}
          labels={labels}
          onLabels={setLabels}
          density={density}
          onDensity={setDensity}
        />
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
