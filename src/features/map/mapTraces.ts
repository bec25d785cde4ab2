/** Plotly traces for the map: one WebGL scatter per group, prediction→target lines per predictor. */
import type { Data } from 'plotly.js-dist-min';
import type { Dataset } from '../../data/types';
import { MAP_COLOURS, modelColor, TOPIC_COLOURS } from '../../components/colors';
import { densityStyle } from './drawStyle';
import { KIND, type MapPoints } from './mapData';
import { pointTopics } from './mapFilter';

export type ColourBy = 'model' | 'error' | 'topic';

/** What a hover label says about point i, as plain text: a heading, the sentence, where it is from. */
export interface PointLabel {
  /** "GRU prediction · cos 0.812", "target", "context", "bank" */
  head: string;
  /** the target's sentence (wrapped with newlines), or "vector #row" */
  text: string;
  /** the article's title and window, e.g. "Some article · window 12" */
  where: string;
}

/** The parts of point i's label; text, never markup (the map's tooltip renders it as text). */
export function pointLabel(points: MapPoints, dataset: Dataset, i: number): PointLabel {
  const w = points.window[i];
  const row = points.kind[i] === KIND.prediction ? -1 : points.row[i];
  const targetRow = w >= 0 ? points.row[w] : row;
  const text = (targetRow >= 0 && dataset.bank.texts?.[targetRow]) || `vector #${targetRow}`;
  const article = articleOf(dataset, targetRow);
  const head =
    points.kind[i] === KIND.prediction
      ? `${points.predictors[points.predictor[i]].name} prediction · cos ${points.cosine[i].toFixed(3)}`
      : points.kind[i] === KIND.target
        ? 'target'
        : points.kind[i] === KIND.context
          ? 'context'
          : 'bank';
  const where = [article?.title ?? '', w >= 0 ? `window ${w}` : ''].filter(Boolean).join(' · ');
  return { head, text: (points.kind[i] === KIND.prediction ? 'target: ' : '') + wrap(text), where };
}

function articleOf(dataset: Dataset, row: number) {
  const ids = dataset.stream?.articleIds;
  if (!ids || row < 0) return undefined;
  const id = ids[row];
  return dataset.articles?.find((a) => a.id === id);
}

function wrap(text: string, width = 70): string {
  const short = text.length > 280 ? `${text.slice(0, 277)}…` : text;
  return short.replace(new RegExp(`(.{1,${width}})(\\s|$)`, 'g'), '$1\n').trim();
}

/** Text for plotly's HTML-subset labels: `<`, `>`, `&` shown literally, newlines as line breaks. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n/g, '<br>');
}

interface Group {
  name: string;
  legendgroup: string;
  colour: string;
  idx: number[];
  symbol: string;
}

export interface DrawOptions {
  /** plot area in square pixels, for densityStyle; default 900 × 620 */
  areaPx?: number;
  /** windows whose prediction→target lines are drawn (lineWindows); every window when absent */
  lineWindows?: ReadonlySet<number>;
}

/**
 * Builds the traces. Markers carry their window as customdata but no hover text: the map's own
 * hover (MapPlot, through a GridIndex) finds the point and labels it, so a million points need
 * neither a million label strings nor plotly's hover search.
 */
export function mapTraces(
  points: MapPoints,
  embedding: Float32Array,
  dataset: Dataset,
  colourBy: ColourBy,
  lines: boolean,
  /** point indices of one window's context path, ending at its target */
  trajectory: number[] = [],
  /** 1 where a point passes the map's filters; every point when absent */
  shown?: Uint8Array,
  draw: DrawOptions = {},
): Data[] {
  const groups: Group[] = [
    {
      name: 'targets',
      legendgroup: 'targets',
      colour: MAP_COLOURS.target,
      idx: [],
      symbol: 'circle-open',
    },
    ...points.predictors.map((p) => ({
      name: p.name,
      legendgroup: p.id,
      colour: modelColor(p.id),
      idx: [] as number[],
      symbol: 'circle',
    })),
    {
      name: 'contexts',
      legendgroup: 'contexts',
      colour: MAP_COLOURS.context,
      idx: [],
      symbol: 'diamond',
    },
    {
      name: 'bank sample',
      legendgroup: 'bank',
      colour: MAP_COLOURS.bank,
      idx: [],
      symbol: 'circle',
    },
  ];
  for (let i = 0; i < points.n; i++) {
    if (shown && !shown[i]) continue;
    const k = points.kind[i];
    const g =
      k === KIND.target
        ? 0
        : k === KIND.prediction
          ? 1 + points.predictor[i]
          : k === KIND.context
            ? points.predictors.length + 1
            : points.predictors.length + 2;
    groups[g].idx.push(i);
  }
  const topicOf = colourBy === 'topic' ? pointTopics(points, dataset) : [];
  const drawn = groups.reduce((s, g) => s + g.idx.length, 0);
  const style = densityStyle(drawn, draw.areaPx ?? 900 * 620);
  const topicNames = [...new Set(topicOf)].sort();
  const traces: Data[] = [];
  for (const g of groups) {
    if (!g.idx.length) continue;
    const isPred = points.kind[g.idx[0]] === KIND.prediction;
    const err = g.idx.map((i) => 1 - points.cosine[i]);
    const colour =
      colourBy === 'error' && isPred
        ? err
        : colourBy === 'topic'
          ? g.idx.map((i) => TOPIC_COLOURS[topicNames.indexOf(topicOf[i]) % TOPIC_COLOURS.length])
          : g.colour;
    if (isPred && lines) {
      const x: (number | null)[] = [];
      const y: (number | null)[] = [];
      for (const i of g.idx) {
        const t = points.window[i];
        if (draw.lineWindows && !draw.lineWindows.has(t)) continue;
        x.push(embedding[i * 2], embedding[t * 2], null);
        y.push(embedding[i * 2 + 1], embedding[t * 2 + 1], null);
      }
      traces.push({
        type: 'scattergl',
        mode: 'lines',
        x,
        y,
        name: `${g.name} → target`,
        legendgroup: g.legendgroup,
        showlegend: false,
        hoverinfo: 'skip',
        line: { color: g.colour, width: 0.6 },
        opacity: 0.25,
      } as Data);
    }
    traces.push({
      type: 'scattergl',
      mode: 'markers',
      name: g.name,
      legendgroup: g.legendgroup,
      x: Float32Array.from(g.idx, (i) => embedding[i * 2]),
      y: Float32Array.from(g.idx, (i) => embedding[i * 2 + 1]),
      customdata: g.idx.map((i) => points.window[i]),
      hoverinfo: 'none',
      marker: {
        symbol: g.symbol,
        color: colour,
        // Size from density; a prediction's grows with its error (up to 2.5x).
        size: isPred ? err.map((e) => style.size * (1 + Math.min(1.5, e * 2))) : style.size,
        opacity: style.opacity,
        line: { width: 0 },
        ...(colourBy === 'error' && isPred
          ? {
              colorscale: MAP_COLOURS.errorScale,
              reversescale: true,
              cmin: 0,
              cmax: 1,
              showscale: false,
            }
          : {}),
      },
    } as Data);
  }
  // Colour-by-topic needs a key: one legend-only entry per topic.
  if (colourBy === 'topic') {
    topicNames.forEach((t, j) =>
      traces.push({
        type: 'scattergl',
        mode: 'markers',
        name: t,
        x: [null],
        y: [null],
        hoverinfo: 'skip',
        marker: { color: TOPIC_COLOURS[j % TOPIC_COLOURS.length], size: 8 },
        legendgroup: `topic:${t}`,
      } as Data),
    );
  }
  if (trajectory.length > 1) {
    traces.push({
      type: 'scattergl',
      mode: 'lines+markers',
      name: `window ${points.window[trajectory[trajectory.length - 1]]} path`,
      x: trajectory.map((i) => embedding[i * 2]),
      y: trajectory.map((i) => embedding[i * 2 + 1]),
      hoverinfo: 'skip',
      line: { color: MAP_COLOURS.trajectory, width: 2 },
      marker: { color: MAP_COLOURS.trajectory, size: 7, symbol: 'diamond' },
    } as Data);
  }
  return traces;
}

/** The context path of window `win` (context points in order, then the target), if all are mapped. */
export function trajectoryOf(
  points: MapPoints,
  contextIndex: Int32Array,
  k: number,
  win: number,
): number[] {
  if (win < 0 || win >= points.windows) return [];
  const pointOfRow = new Map<number, number>();
  for (let i = 0; i < points.n; i++)
    if (points.kind[i] === KIND.context) pointOfRow.set(points.row[i], i);
  const path: number[] = [];
  for (let j = 0; j < k; j++) {
    const p = pointOfRow.get(contextIndex[win * k + j]);
    if (p === undefined) return [];
    path.push(p);
  }
  return [...path, win];
}
