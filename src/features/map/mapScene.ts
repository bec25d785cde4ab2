/**
 * What the map's WebGL layer draws, as flat arrays: one vertex per shown point (position, colour,
 * size, shape), grouped by legend entry, and the prediction→target segments of chosen windows.
 */
import type { Dataset } from '../../data/types';
import {
  errorColour,
  MAP_COLOURS,
  modelColor,
  rgbOf,
  TOPIC_COLOURS,
} from '../../components/colors';
import { densityStyle, SCENE_AREA } from './drawStyle';
import { KIND, type MapPoints } from './mapData';
import { pointTopics } from './mapFilter';
import { boundsOf, type Bounds } from './viewport';

export type ColourBy = 'model' | 'error' | 'topic';

/** Marker shapes, as the fragment shader reads them. */
export const SHAPE = { disc: 0, ring: 1, diamond: 2 } as const;

/** A legend entry and its points: vertices start..end of the scene. */
export interface SceneGroup {
  key: string;
  name: string;
  colour: string;
  shape: number;
  start: number;
  end: number;
}

/** A predictor's prediction→target segments, [x0, y0, x1, y1] each, in its colour. */
export interface SceneLines {
  key: string;
  colour: string;
  xy: Float32Array;
}

export interface MapScene {
  count: number;
  /** the map point of each vertex */
  ids: Int32Array;
  /** [count, 2] layout positions */
  xy: Float32Array;
  /** [count, 4] colour and opacity, 0..255 */
  rgba: Uint8Array;
  /** marker diameter, CSS px */
  size: Float32Array;
  shape: Uint8Array;
  /** in draw order; hiding one hides its points and its lines */
  groups: SceneGroup[];
  /** colour-by-topic's key: a colour per topic, not tied to a group */
  topics: { name: string; colour: string }[];
  bounds: Bounds;
}

export interface SceneOptions {
  /** plot area in square pixels, for densityStyle; default SCENE_AREA (900 × 620) */
  areaPx?: number;
}

/**
 * Builds the scene: targets, each predictor's predictions, contexts and the bank sample, each
 * group's vertices contiguous (PointsGl draws them in turns, so no group covers the others).
 * Marker size and opacity come from how many points are shown (densityStyle); a prediction's
 * marker grows with its error, up to 1.5× (2.5× covered the targets). Only points passing the filters (`shown`) are included.
 */
export function buildScene(
  points: MapPoints,
  embedding: Float32Array,
  dataset: Dataset,
  colourBy: ColourBy,
  shown?: Uint8Array,
  options: SceneOptions = {},
): MapScene {
  const np = points.predictors.length;
  const defs = [
    { key: 'targets', name: 'targets', colour: MAP_COLOURS.target, shape: SHAPE.ring },
    ...points.predictors.map((p) => ({
      key: p.id,
      name: p.name,
      colour: modelColor(p.id),
      shape: SHAPE.disc,
    })),
    { key: 'contexts', name: 'contexts', colour: MAP_COLOURS.context, shape: SHAPE.diamond },
    { key: 'bank', name: 'bank sample', colour: MAP_COLOURS.bank, shape: SHAPE.disc },
  ];
  const groupOf = (i: number) => {
    const k = points.kind[i];
    return k === KIND.target
      ? 0
      : k === KIND.prediction
        ? 1 + points.predictor[i]
        : k === KIND.context
          ? np + 1
          : np + 2;
  };
  // Count first so every array is allocated once.
  const counts = new Int32Array(defs.length);
  for (let i = 0; i < points.n; i++) if (!shown || shown[i]) counts[groupOf(i)]++;
  const starts = new Int32Array(defs.length + 1);
  for (let g = 0; g < defs.length; g++) starts[g + 1] = starts[g] + counts[g];
  const count = starts[defs.length];
  const ids = new Int32Array(count);
  const fill = starts.slice(0, defs.length);
  for (let i = 0; i < points.n; i++) if (!shown || shown[i]) ids[fill[groupOf(i)]++] = i;

  const style = densityStyle(count, options.areaPx ?? SCENE_AREA);
  const topicOf = colourBy === 'topic' ? pointTopics(points, dataset) : [];
  const topicNames = [...new Set(topicOf)].sort();
  const topicRgb = topicNames.map((_, j) => rgbOf(TOPIC_COLOURS[j % TOPIC_COLOURS.length]));
  const topicIndex = new Map(topicNames.map((t, j) => [t, j]));
  const alpha = Math.round(style.opacity * 255);
  const xy = new Float32Array(count * 2);
  const rgba = new Uint8Array(count * 4);
  const size = new Float32Array(count);
  const shape = new Uint8Array(count);
  const groups: SceneGroup[] = [];
  for (let g = 0; g < defs.length; g++) {
    const def = defs[g];
    const own = rgbOf(def.colour);
    const isPred = g >= 1 && g <= np;
    for (let v = starts[g]; v < starts[g + 1]; v++) {
      const i = ids[v];
      const err = 1 - points.cosine[i];
      const rgb =
        colourBy === 'error' && isPred
          ? errorColour(err)
          : colourBy === 'topic'
            ? topicRgb[topicIndex.get(topicOf[i])!]
            : own;
      xy[v * 2] = embedding[i * 2];
      xy[v * 2 + 1] = embedding[i * 2 + 1];
      rgba.set(rgb, v * 4);
      rgba[v * 4 + 3] = alpha;
      size[v] = isPred ? style.size * (1 + 0.5 * Math.min(1, Math.max(0, err))) : style.size;
      shape[v] = def.shape;
    }
    if (starts[g + 1] > starts[g]) groups.push({ ...def, start: starts[g], end: starts[g + 1] });
  }

  return {
    count,
    ids,
    xy,
    rgba,
    size,
    shape,
    groups,
    topics: topicNames.map((name, j) => ({
      name,
      colour: TOPIC_COLOURS[j % TOPIC_COLOURS.length],
    })),
    bounds: boundsOf(xy),
  };
}

/**
 * Each predictor's prediction→target segments among the scene's points, for the windows in
 * `windows` (every window when absent). Apart from the scene: choosing windows (a selection, the
 * window open in Predict) redraws a few thousand segments, not a million points.
 */
export function sceneLines(
  scene: MapScene,
  points: MapPoints,
  embedding: Float32Array,
  windows?: ReadonlySet<number>,
): SceneLines[] {
  const out: SceneLines[] = [];
  for (const p of points.predictors) {
    const g = scene.groups.find((x) => x.key === p.id);
    if (!g) continue;
    const seg: number[] = [];
    for (let v = g.start; v < g.end; v++) {
      const i = scene.ids[v];
      const t = points.window[i];
      if (windows && !windows.has(t)) continue;
      seg.push(embedding[i * 2], embedding[i * 2 + 1], embedding[t * 2], embedding[t * 2 + 1]);
    }
    if (seg.length) out.push({ key: g.key, colour: g.colour, xy: Float32Array.from(seg) });
  }
  return out;
}

/** The scene's vertices a legend leaves visible (every group not in `hidden`). */
export function visibleVertices(scene: MapScene, hidden: ReadonlySet<string>): Int32Array {
  let n = 0;
  for (const g of scene.groups) if (!hidden.has(g.key)) n += g.end - g.start;
  const out = new Int32Array(n);
  let j = 0;
  for (const g of scene.groups)
    if (!hidden.has(g.key)) for (let v = g.start; v < g.end; v++) out[j++] = v;
  return out;
}
