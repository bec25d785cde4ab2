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

/** Every window's cosine under model A (x) and B (y); coloured by which one ranked it first. */
export function pairedTraces(ea: EvalEntry, eb: EvalEntry): PlotData[] {
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
      x: [-1, 1],
      y: [-1, 1],
      line: { color: '#bbb', dash: 'dot' },
      hoverinfo: 'skip',
      showlegend: false,
    } as PlotData,
  ];
}

/** The paired scatter's axes, titled with the two model names. */
export function pairedLayout(a: string, b: string): Partial<Layout> {
  return {
    xaxis: { title: { text: escapeHtml(a) } },
    yaxis: { title: { text: escapeHtml(b) }, scaleanchor: 'x' },
    showlegend: false,
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
