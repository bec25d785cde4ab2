/** The Analysis view's traces as pure functions; user text reaches plotly through lib/plotText. */
import type { PlotData } from '../../components/Plot';
import { modelColor } from '../../components/colors';
import { escapeHtml, plotHtml } from '../../lib/plotText';
import type { SliceMetrics, SliceStat } from '../../metrics/slices';
import type { EntryAnalysis } from './analysisJob';
import type { SliceSet } from './sliceSets';

/** A tick label short enough to sit under its slice (the hover text has it whole). */
const short = (l: string) => (l.length > 24 ? `${l.slice(0, 23)}…` : l);

/** One slice set (`set`, number `index` of the result's sets): a line per predictor and metric. */
export function sliceTraces(
  set: SliceSet,
  index: number,
  entries: readonly EntryAnalysis[],
  metrics: readonly { key: keyof SliceMetrics; label: string }[],
): PlotData[] {
  const slicing = set.slicing!;
  // Counts are the same for every predictor: they go under each slice's name.
  // Shortened labels must stay distinct: plotly merges equal categories into one point.
  const shortened = slicing.labels.map(short);
  const names = new Set(shortened).size === shortened.length ? shortened : slicing.labels;
  const x = names.map((l, g) => plotHtml`${l}<br>n=${set.rows[g].length}`);
  return entries.flatMap((a) =>
    metrics.map(({ key, label }, m) => {
      const stats: SliceStat[] = a.slices[index][key];
      return {
        type: 'scatter',
        mode: 'lines+markers',
        name: escapeHtml(a.entry.name),
        legendgroup: a.entry.id,
        showlegend: m === 0,
        xaxis: m ? `x${m + 1}` : 'x',
        yaxis: m ? `y${m + 1}` : 'y',
        x,
        y: stats.map((s) => s.mean),
        error_y: { type: 'data', array: stats.map((s) => s.se), visible: true },
        line: { color: modelColor(a.entry.id), width: a.entry.kind === 'baseline' ? 1 : 2 },
        marker: { color: modelColor(a.entry.id) },
        hovertext: stats.map(
          (s, g) =>
            plotHtml`${a.entry.name} · ${slicing.labels[g]}<br>${label} ${s.mean.toFixed(3)} ± ${s.se.toFixed(3)} (n = ${s.n})`,
        ),
        hoverinfo: 'text',
      } as PlotData;
    }),
  );
}

/** Regression to the mean per window, one box per predictor. */
export function regressionBoxes(entries: readonly EntryAnalysis[]): PlotData[] {
  return entries.map(
    (a) =>
      ({
        type: 'box',
        name: escapeHtml(a.entry.name),
        y: Array.from(a.regression),
        boxmean: true,
        boxpoints: false,
        marker: { color: modelColor(a.entry.id) },
      }) as PlotData,
  );
}

/**
 * Sorted per-dimension variance ratios, one line per predictor. A predictor whose ratios are all
 * 0 (a constant prediction: the global mean) has no point on the log axis: it stays in the legend,
 * named as such and switched off, rather than an entry with no line.
 */
export function varianceRatioLines(entries: readonly EntryAnalysis[]): PlotData[] {
  return entries.map((a) => {
    const constant = !a.varianceRatios.some((r) => r > 0);
    return {
      type: 'scatter',
      mode: 'lines',
      name: escapeHtml(constant ? `${a.entry.name} (0: constant)` : a.entry.name),
      y: Array.from(a.varianceRatios),
      line: { color: modelColor(a.entry.id) },
      hovertemplate: plotHtml`${a.entry.name}: %{y:.3f}<extra></extra>`,
      ...(constant ? { visible: 'legendonly' } : {}),
    } as PlotData;
  });
}
