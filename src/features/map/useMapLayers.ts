/**
 * What the Map draws from the shown layout and the view's choices: the filter's result, the scene,
 * the prediction→target lines, the cluster labels, the density, the open window's path and hover.
 */
import { useMemo } from 'react';
import { lineWindows } from './drawStyle';
import { trajectoryOf } from './mapData';
import { applyMapFilter, isFiltering, pointTopics, type MapFilter } from './mapFilter';
import { mapHover } from './mapHover';
import type { MapResult } from './mapJob';
import { clusterLabels, densityGrid } from './mapOverlays';
import { buildScene, sceneLines, type ColourBy } from './mapScene';

/** The view's choices the drawn layers follow. */
export interface LayerChoice {
  colourBy: ColourBy;
  lines: boolean;
  labels: boolean;
  density: boolean;
  filter: MapFilter;
  /** windows picked on the map, and those selected for Compare: their lines are always drawn */
  picked: number[];
  mapSelection: number[];
  /** the window open in Predict: its path, and its lines */
  windowIndex: number;
}

/** The layers of the `shown` layout, each computed again only when what it depends on changes. */
export function useMapLayers(shown: MapResult | undefined, choice: LayerChoice) {
  const { colourBy, lines, labels, density, filter, picked, mapSelection, windowIndex } = choice;
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
  return {
    topicNames,
    /** the filter as applied (a topic the data lacks dropped) */
    active,
    filtered,
    scene,
    lines: sceneLineSet,
    labels: shownLabels,
    density: densityUnder,
    path,
    hover,
  };
}
