/** Number formatting and Plotly traces shared by the Attention panels. */
import type { PlotData } from '../../components/Plot';
import { modelColor } from '../../components/colors';
import { escapeHtml, plotHtml } from '../../lib/plotText';
import { meanStd } from '../../metrics/hits';
import type { Analysable } from './splitAnalyses';
import { ATTENTION_SCALE, type AttentionMaps } from './attentionMath';

/** Three decimals, or a dash for NaN/∞. */
export const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');

/** "pos 1" … "pos k". */
export const positions = (k: number) => Array.from({ length: k }, (_, a) => `pos ${a + 1}`);

/**
 * One line per predictor: the mean cosine at each x with its standard error over `n` windows;
 * baselines dotted, each in its model colour. `cos[s]` holds the n cosines at `x[s]`.
 */
export function meanSeTraces(
  rows: readonly { p: Analysable; cos: readonly Float32Array[] }[],
  n: number,
  x: readonly number[],
  what: string,
): PlotData[] {
  return rows.map(({ p, cos }) => {
    const stats = cos.map((c) => meanStd(c));
    return {
      type: 'scatter',
      mode: 'lines+markers',
      name: escapeHtml(p.name),
      x,
      y: stats.map((s) => s.mean),
      error_y: { type: 'data', array: stats.map((s) => s.std / Math.sqrt(n)), visible: true },
      line: { color: modelColor(p.id), dash: p.kind === 'baseline' ? 'dot' : 'solid' },
      marker: { color: modelColor(p.id) },
      hovertemplate: plotHtml`${p.name} · ${what} %{x}: %{y:.3f}<extra></extra>`,
    } as PlotData;
  });
}

/** One model's mean per context position with its standard deviation (recency, occlusion). */
export function profileTrace(
  id: string,
  name: string,
  k: number,
  p: { mean: number[]; std: number[] },
): PlotData {
  return {
    type: 'scatter',
    mode: 'lines+markers',
    name: escapeHtml(name),
    x: positions(k),
    y: p.mean,
    error_y: { type: 'data', array: p.std, visible: true },
    line: { color: modelColor(id) },
    marker: { color: modelColor(id) },
    hovertemplate: plotHtml`${name} %{x}: %{y:.3f} ± %{error_y.array:.3f}<extra></extra>`,
  } as PlotData;
}

/** Heads × positions heatmap of the last token's attention, averaged over the maps' n windows. */
export function headsHeatmap(a: AttentionMaps): PlotData {
  const z = Array.from({ length: a.heads }, (_, h) => {
    const row = new Array<number>(a.k).fill(0);
    for (let i = 0; i < a.n; i++)
      for (let p = 0; p < a.k; p++) row[p] += a.data[(i * a.heads + h) * a.k + p] / a.n;
    return row;
  });
  return {
    type: 'heatmap',
    z,
    x: positions(a.k),
    y: z.map((_, h) => `head ${h + 1}`),
    colorscale: ATTENTION_SCALE,
    zmin: 0,
    hovertemplate: '%{y} → %{x}: %{z:.3f}<extra></extra>',
  } as PlotData;
}
