import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  DEFAULT_LAYOUT_PARAMS,
  type LayoutEngine,
  type LayoutParams,
} from '../../projection/types';
import { useAppStore } from '../../store';
import { useSelectedModels, useCurrentDataset } from '../../store/selectors';
import { compatible, contextLength } from '../../predictors/compatibility';
import { cancelJob, listJobs, startJob, type JobSnapshot } from '../../jobs/runner';
import { useJobs } from '../../jobs/useJob';
import { MapPlot } from './MapPlot';
import { buildScene, sceneLines, type ColourBy } from './mapScene';
import { trajectoryOf } from './mapData';
import { lineWindows } from './drawStyle';
import { mapHover } from './mapHover';
import { mapDataKey, mapKey, mapWork, type MapInput, type MapResult } from './mapJob';
import { applyMapFilter, isFiltering, NO_FILTER, pointTopics, type MapFilter } from './mapFilter';
import { clusterLabels, densityGrid } from './mapOverlays';
import { MapFilters } from './MapFilters';
import './map.css';

/** The map jobs for this data (whatever their layout parameters), newest first. */
function layoutJobs(dataKey: string | null): JobSnapshot<MapResult>[] {
  if (!dataKey) return [];
  return listJobs().filter(
    (j) => j.slot === 'map' && j.key.startsWith(`${dataKey}|`),
  ) as JobSnapshot<MapResult>[];
}

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

  const k = contextLength(selected, dataset);
  const fit = dataset ? compatible(selected, dataset.dim, k, dataset.id) : [];
  // Without a model the map still shows something: the baselines stand in.
  const useBaselines = baselines || fit.length === 0;
  const input: MapInput | null = dataset
    ? { dataset, k, fit, baselines: useBaselines, contexts, bankSample }
    : null;
  const dataKey = input ? mapDataKey(input) : null;
  const key = input ? mapKey(input, params, engine) : null;

  const layOut = () => {
    if (!input || !key) return;
    startJob(
      { key, slot: 'map', title: `Map · ${input.dataset.name}`, view: 'map' },
      mapWork(input, params, engine),
      { supersede: true },
    );
  };

  // Never an empty screen: lay out the default map as soon as the data is there, and again when the
  // data, the models (e.g. one finished loading) or the point options change. The job outlives the
  // view and is keyed by its inputs, so StrictMode's second effect joins the first run.
  useJobs(); // re-render on every job change
  const jobs = layoutJobs(dataKey);
  useEffect(() => {
    if (dataKey && !layoutJobs(dataKey).length) layOut();
    // `dataKey` names everything the automatic layout depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dataKey]);
  const running = jobs.find((j) => j.status === 'running');
  // A cancelled or failed run leaves the last map in place.
  const drawn = jobs.find((j) => j.result && !j.partial);
  const shown = drawn?.result;
  const shownKey = drawn?.key;
  const progress = running?.progress ?? null;
  const error = jobs[0]?.status === 'failed' ? jobs[0].error : null;
  const cancelled = jobs[0]?.status === 'cancelled';

  const pointTopicList = useMemo(
    () => (shown ? pointTopics(shown.points, shown.dataset) : []),
    [shown],
  );
  const topicNames = useMemo(() => [...new Set(pointTopicList)].sort(), [pointTopicList]);
  // A topic left over from other data filters nothing rather than everything.
  const active: MapFilter =
    filter.topic && !topicNames.includes(filter.topic) ? { ...filter, topic: null } : filter;
  const filtered = useMemo(
    () =>
      shown && isFiltering(active) ? applyMapFilter(shown.points, pointTopicList, active) : null,
    // `active` is rebuilt each render; its fields are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shown, pointTopicList, active.topic, active.hiddenModels, active.cosMin, active.cosMax],
  );
  const clusters = useMemo(
    () => (shown ? clusterLabels(shown.points, shown.result.embedding, shown.dataset) : []),
    [shown],
  );
  const shownLabels = useMemo(
    () => (labels ? clusters.filter((c) => c.words.length) : []),
    [labels, clusters],
  );
  const densityUnder = useMemo(
    () =>
      shown && density ? densityGrid(shown.points, shown.result.embedding, filtered?.shown) : null,
    [shown, density, filtered],
  );
  const scene = useMemo(
    () =>
      shown
        ? buildScene(shown.points, shown.result.embedding, shown.dataset, colourBy, filtered?.shown)
        : null,
    [shown, colourBy, filtered],
  );
  const sceneLineSet = useMemo(() => {
    if (!shown || !scene || !lines) return [];
    const { points, result } = shown;
    // Lines to targets for the selected windows and the one open in Predict, plus an even sample
    // (a line per prediction of 20k windows is a solid disc); the hovered window's come on hover.
    const focus = [...picked, ...mapSelection, windowIndex];
    const drawnWindows: number[] = [];
    for (let w = 0; w < points.windows; w++)
      if (!filtered || filtered.shown[w]) drawnWindows.push(w);
    return sceneLines(
      scene,
      points,
      result.embedding,
      new Set(lineWindows(drawnWindows, focus, true)),
    );
  }, [shown, scene, lines, windowIndex, filtered, picked, mapSelection]);
  const path = useMemo((): [number, number][] => {
    if (!shown) return [];
    const e = shown.result.embedding;
    return trajectoryOf(shown.points, shown.contextIndex, shown.k, windowIndex).map((i) => [
      e[i * 2],
      e[i * 2 + 1],
    ]);
  }, [shown, windowIndex]);
  const hover = useMemo(
    () =>
      shown
        ? mapHover(shown.points, shown.result.embedding, shown.dataset, filtered?.shown)
        : undefined,
    [shown, filtered],
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
            filter={active}
            onChange={setFilter}
            topics={topicNames}
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
            scene={scene}
            lines={sceneLineSet}
            revision={shownKey ?? ''}
            labels={shownLabels}
            density={densityUnder}
            path={path}
            hover={hover}
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
