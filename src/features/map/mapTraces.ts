/** Plotly traces for the map: one WebGL scatter per group, prediction→target lines per predictor. */
import type { Data } from 'plotly.js-dist-min';
import type { Dataset } from '../../data/types';
import { MAP_COLOURS, modelColor, TOPIC_COLOURS } from '../../components/colors';
import { KIND, type MapPoints } from './mapData';
import { pointTopics } from './mapFilter';

export type ColourBy = 'model' | 'error' | 'topic';

/** What a hover label says about point i: sentence, article, model, cosine. */
export function describePoint(points: MapPoints, dataset: Dataset, i: number): string {
  const w = points.window[i];
  const row = points.kind[i] === KIND.prediction ? -1 : points.row[i];
  const targetRow = w >= 0 ? points.row[w] : row;
  const text = (targetRow >= 0 && dataset.bank.texts?.[targetRow]) || `vector #${targetRow}`;
  const article = articleOf(dataset, targetRow);
  const head =
    points.kind[i] === KIND.prediction
      ? `<b>${escapeHtml(points.predictors[points.predictor[i]].name)}</b> prediction · cos ${points.cosine[i].toFixed(3)}<br>target: `
      : points.kind[i] === KIND.target
        ? '<b>target</b>: '
        : points.kind[i] === KIND.context
          ? '<b>context</b>: '
          : '<b>bank</b>: ';
  const where = w >= 0 ? ` · window ${w}` : '';
  return `${head}${escapeHtml(wrap(text))}<br><i>${escapeHtml(article?.title ?? '')}</i>${where}`;
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

/** Builds the traces; hidden legend groups are passed in so toggles survive rebuilds. */
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
      x: g.idx.map((i) => embedding[i * 2]),
      y: g.idx.map((i) => embedding[i * 2 + 1]),
      customdata: g.idx.map((i) => points.window[i]),
      hovertext: g.idx.map((i) => describePoint(points, dataset, i)),
      hovertemplate: '%{hovertext}<extra></extra>',
      marker: {
        symbol: g.symbol,
        color: colour,
        size: isPred ? err.map((e) => 4 + Math.min(10, e * 12)) : g.symbol === 'diamond' ? 5 : 4,
        opacity: isPred ? 0.75 : 0.6,
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
