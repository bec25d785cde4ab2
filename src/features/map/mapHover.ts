import { modelColor } from '../../components/colors';
import type { Dataset } from '../../data/types';
import { KIND, type MapPoints } from './mapData';
import { pointLabel, type PointLabel } from './pointLabel';

/** One prediction→target segment, in layout units, in its model's colour. */
export interface HoverLine {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  colour: string;
}

/** What the map's hover says about map point i. */
export interface MapHover {
  label: (i: number) => PointLabel;
  /** the window of point i, or -1 */
  windowOf: (i: number) => number;
  /** window w's prediction→target segments, in layout units, each in its model's colour */
  linesOf: (w: number) => HoverLine[];
}

/**
 * What MapPlot's hover needs for these points: their labels and each window's prediction→target
 * segments among the drawn points (predictions grouped by window once, so a hover costs its own
 * window's handful of predictions, not a scan).
 */
export function mapHover(
  points: MapPoints,
  embedding: Float32Array,
  dataset: Dataset,
  shown?: Uint8Array,
): MapHover {
  // Predictions of window w are byWindow[start[w] .. start[w + 1]].
  const start = new Int32Array(points.windows + 1);
  for (let i = 0; i < points.n; i++)
    if (points.kind[i] === KIND.prediction) start[points.window[i] + 1]++;
  for (let w = 0; w < points.windows; w++) start[w + 1] += start[w];
  const byWindow = new Int32Array(start[points.windows]);
  const fill = start.slice(0, points.windows);
  for (let i = 0; i < points.n; i++)
    if (points.kind[i] === KIND.prediction) byWindow[fill[points.window[i]]++] = i;
  return {
    label: (i) => pointLabel(points, dataset, i),
    windowOf: (i) => points.window[i],
    linesOf: (w) => {
      const out: HoverLine[] = [];
      if (w < 0 || w >= points.windows) return out;
      for (let p = start[w]; p < start[w + 1]; p++) {
        const i = byWindow[p];
        if (shown && !shown[i]) continue;
        out.push({
          x0: embedding[i * 2],
          y0: embedding[i * 2 + 1],
          x1: embedding[w * 2],
          y1: embedding[w * 2 + 1],
          colour: modelColor(points.predictors[points.predictor[i]].id),
        });
      }
      return out;
    },
  };
}
