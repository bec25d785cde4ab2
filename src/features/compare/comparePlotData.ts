/**
 * The traces and name-bearing layouts of Compare's plots and of the round trip, as pure functions
 * of the entries: every model name reaches plotly through lib/plotText (names are data).
 */
import type { Layout } from 'plotly.js-dist-min';
import type { PlotData } from '../../components/Plot';
import { modelColor } from '../../components/colors';
import { escapeHtml, plotHtml } from '../../lib/plotText';
import type { EvalEntry } from '../../metrics/evaluate';
import { HIT_CURVE_MAX } from '../../metrics/hits';
import type { RoundTrip } from '../../metrics/roundTrip';
import type { ManifestModel } from '../../predictors/manifest';
import type { RoundTripRow } from './roundTripJob';

const fmt = (x: number) => x.toFixed(3);

/** Mean cosine per entry, one bar each, with its standard deviation. */
export function cosineBars(entries: readonly EvalEntry[]): PlotData[] {
  return [
    {
      type: 'bar',
      x: entries.map((e) => escapeHtml(e.name)),
      y: entries.map((e) => e.summary.cosineMean),
      error_y: { type: 'data', array: entries.map((e) => e.summary.cosineStd), visible: true },
      marker: { color: entries.map((e) => modelColor(e.id)) },
      hovertext: entries.map(
        (e) =>
          plotHtml`${e.name}<br>cosine ${fmt(e.summary.cosineMean)} ± ${fmt(e.summary.cosineStd)}<br>n = ${e.summary.n}`,
      ),
      hoverinfo: 'text',
    } as PlotData,
  ];
}

/** Hit@1/5/10/20 per entry with the binomial standard error. */
export function hitBars(entries: readonly EvalEntry[]): PlotData[] {
  return entries.map((e) => {
    const ks = [1, 5, 10, 20];
    const ys = [e.summary.hit1, e.summary.hit5, e.summary.hit10, e.summary.hit20];
    // binomial standard error of a proportion
    const se = ys.map((p) => Math.sqrt((p * (1 - p)) / Math.max(e.summary.n, 1)));
    return {
      type: 'bar',
      name: escapeHtml(e.name),
      x: ks.map((k) => `Hit@${k}`),
      y: ys,
      error_y: { type: 'data', array: se, visible: true },
      marker: { color: modelColor(e.id) },
      hovertext: ys.map(
        (p, j) =>
          plotHtml`${e.name}<br>Hit@${ks[j]} ${(100 * p).toFixed(1)}% ± ${(100 * se[j]).toFixed(1)}`,
      ),
      hoverinfo: 'text',
    } as PlotData;
  });
}

/** Hit@K for K = 1..HIT_CURVE_MAX, one line per entry. */
export function hitCurves(entries: readonly EvalEntry[]): PlotData[] {
  return entries.map(
    (e) =>
      ({
        type: 'scatter',
        mode: 'lines',
        name: escapeHtml(e.name),
        x: Array.from({ length: HIT_CURVE_MAX }, (_, i) => i + 1),
        y: e.summary.hitCurve,
        line: { color: modelColor(e.id) },
        hovertemplate: plotHtml`${e.name}<br>Hit@%{x}: %{y:.1%}<extra></extra>`,
      }) as PlotData,
  );
}

/** Each entry's per-window cosines as a box. */
export function cosineBoxes(entries: readonly EvalEntry[]): PlotData[] {
  return entries.map(
    (e) =>
      ({
        type: 'box',
        name: escapeHtml(e.name),
        y: Array.from(e.cosines),
        marker: { color: modelColor(e.id) },
        boxpoints: false,
        boxmean: 'sd',
        hoverinfo: 'y+name',
      }) as PlotData,
  );
}

/** One labelled point per model: parameters against its OOD cosine. */
export function paramsVsOodTraces(
  points: readonly { m: { id: string; name: string; params: number | null }; cos: number }[],
): PlotData[] {
  return points.map(
    ({ m, cos }) =>
      ({
        type: 'scatter',
        mode: 'markers+text',
        name: escapeHtml(m.name),
        x: [m.params],
        y: [cos],
        text: [escapeHtml(m.name)],
        textposition: 'top center',
        marker: { color: modelColor(m.id), size: 12 },
        hovertext: [
          plotHtml`${m.name}<br>${(m.params ?? 0).toLocaleString()} params<br>OOD cosine ${fmt(cos)}`,
        ],
        hoverinfo: 'text',
      }) as PlotData,
  );
}

/**
 * The paired scatter's shared axis range: the lowest to the highest finite cosine of either model,
 * padded by 4% of the span (at least 0.01), so the points fill the plot instead of −1…1.
 */
export function pairedRange(ea: EvalEntry, eb: EvalEntry): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of [ea.cosines, eb.cosines])
    for (const v of c)
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  if (lo > hi) return [-1, 1];
  const pad = Math.max((hi - lo) * 0.04, 0.01);
  return [lo - pad, hi + pad];
}

/** Every window's cosine under model A (x) and B (y); coloured by which one ranked it first. */
export function pairedTraces(ea: EvalEntry, eb: EvalEntry): PlotData[] {
  const [lo, hi] = pairedRange(ea, eb);
  const idx = Array.from({ length: ea.cosines.length }, (_, i) => i);
  return [
    {
      type: 'scatter',
      mode: 'markers',
      x: Array.from(ea.cosines),
      y: Array.from(eb.cosines),
      customdata: idx,
      marker: {
        size: 4,
        opacity: 0.5,
        color: idx.map((i) =>
          ea.ranks[i] === 1 ? modelColor(ea.id) : eb.ranks[i] === 1 ? modelColor(eb.id) : '#999',
        ),
      },
      hovertext: idx.map(
        (i) =>
          plotHtml`window ${i}<br>${ea.name}: ${fmt(ea.cosines[i])} (rank ${ea.ranks[i]})<br>${eb.name}: ${fmt(eb.cosines[i])} (rank ${eb.ranks[i]})<br>click to open in Predict`,
      ),
      hoverinfo: 'text',
    } as PlotData,
    {
      type: 'scatter',
      mode: 'lines',
      // the identity line across the shown range: above it, B is closer to the target
      x: [lo, hi],
      y: [lo, hi],
      line: { color: '#bbb', dash: 'dot' },
      hoverinfo: 'skip',
      showlegend: false,
    } as PlotData,
  ];
}

/** The paired scatter's axes, titled with the two model names, both spanning `range`. */
export function pairedLayout(a: string, b: string, range: [number, number]): Partial<Layout> {
  return {
    // one scale on both axes: the plot area shrinks to a square rather than the range widening
    xaxis: { title: { text: escapeHtml(a) }, range, autorange: false, constrain: 'domain' },
    yaxis: {
      title: { text: escapeHtml(b) },
      range,
      autorange: false,
      scaleanchor: 'x',
      constrain: 'domain',
    },
    showlegend: false,
  };
}

/** The shipped demo split a dataset id names ('demo-val' → 'val'), or null for a user's data. */
export function shippedSplit(datasetId: string): 'val' | 'ood' | 'stress' | null {
  const m = /^demo-(val|ood|stress)$/.exec(datasetId);
  return m ? (m[1] as 'val' | 'ood' | 'stress') : null;
}

/**
 * The training curves' layout: val cosine above, train loss below, one shared epoch axis (two
 * y axes over one plot area printed their tick labels over each other).
 */
export function trainingLayout(): Partial<Layout> {
  return {
    xaxis: { title: { text: 'epoch' }, anchor: 'y2' },
    yaxis: { title: { text: 'val cosine' }, domain: [0.56, 1], nticks: 5 },
    yaxis2: { title: { text: 'train loss' }, domain: [0, 0.44], nticks: 5, anchor: 'x' },
    legend: { font: { size: 10 } },
  };
}

/** Validation cosine and training loss per epoch, from the manifest's history. */
export function trainingCurves(models: readonly ManifestModel[]): PlotData[] {
  return models.flatMap((m) => [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: plotHtml`${m.name} val cosine`,
      x: m.history.map((h) => h.epoch),
      y: m.history.map((h) => h.val_cosine),
      line: { color: modelColor(m.id) },
      hovertemplate: plotHtml`${m.name}<br>epoch %{x}<br>val cosine %{y:.3f}<extra></extra>`,
    } as PlotData,
    {
      type: 'scatter',
      mode: 'lines',
      name: plotHtml`${m.name} train loss`,
      x: m.history.map((h) => h.epoch),
      y: m.history.map((h) => h.train_loss),
      yaxis: 'y2',
      line: { color: modelColor(m.id), dash: 'dot' },
      hovertemplate: plotHtml`${m.name}<br>epoch %{x}<br>train loss %{y:.4f}<extra></extra>`,
    } as PlotData,
  ]);
}

/** The round trip's metrics per window, one box group per predictor. */
export function roundTripBoxes(
  rows: readonly RoundTripRow[],
  metrics: readonly { key: keyof RoundTrip; label: string }[],
): PlotData[] {
  return rows.map(
    (r) =>
      ({
        type: 'box',
        name: escapeHtml(r.name),
        x: metrics.flatMap((m) => Array<string>(r.n).fill(m.label)),
        y: metrics.flatMap((m) => Array.from(r.perWindow[m.key])),
        marker: { color: modelColor(r.id) },
        boxpoints: false,
      }) as PlotData,
  );
}
