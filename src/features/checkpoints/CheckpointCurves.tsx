import { useMemo } from 'react';
import { Plot, type PlotData } from '../../components/Plot';
import { modelColor } from '../../components/colors';
import type { MetricSummary } from '../../metrics/hits';
import { metricCurves } from '../../predictors/checkpoints';

interface Props {
  /** checkpoint epochs, in order, and each one's split summary */
  epochs: number[];
  summaries: MetricSummary[];
  /** the linear-average baseline's summary on the same windows (drawn as a reference line) */
  baseline?: MetricSummary;
}

const fmt = (key: string, v: number) =>
  key === 'cosineMean' ? v.toFixed(3) : `${(v * 100).toFixed(1)}%`;

/** Small multiples, one per metric, against the epoch; the linear average as a dashed line. */
export function CheckpointCurves({ epochs, summaries, baseline }: Props) {
  const curves = useMemo(() => metricCurves(summaries), [summaries]);
  const reference = useMemo(() => (baseline ? metricCurves([baseline]) : null), [baseline]);
  const data = useMemo<PlotData[]>(() => {
    const span = [Math.min(...epochs), Math.max(...epochs)];
    return curves.flatMap((c, i) => {
      const axes = { xaxis: `x${i + 1}`, yaxis: `y${i + 1}` };
      const line: PlotData = {
        ...axes,
        type: 'scatter',
        mode: 'lines+markers',
        name: c.label,
        x: epochs,
        y: c.values,
        marker: { color: modelColor('amn'), size: 7 },
        line: { color: modelColor('amn') },
        showlegend: false,
        hovertemplate: `epoch %{x}<br>${c.label} %{y:.4f}<extra></extra>`,
      };
      if (!reference) return [line];
      const b = reference[i].values[0];
      const ref: PlotData = {
        ...axes,
        type: 'scatter',
        mode: 'lines',
        name: 'Linear average',
        x: span,
        y: [b, b],
        line: { color: modelColor('linear_average'), dash: 'dash' },
        showlegend: i === 0,
        hovertemplate: `linear average<br>${c.label} %{y:.4f}<extra></extra>`,
      };
      return [line, ref];
    });
  }, [curves, reference, epochs]);
  const layout = useMemo(() => {
    const axes: Record<string, object> = {};
    curves.forEach((c, i) => {
      axes[`xaxis${i ? i + 1 : ''}`] = { title: { text: 'epoch' }, dtick: 1 };
      axes[`yaxis${i ? i + 1 : ''}`] = { title: { text: c.label } };
    });
    return {
      grid: { rows: 1, columns: curves.length, pattern: 'independent' as const },
      legend: { orientation: 'h' as const, y: -0.3 },
      margin: { l: 48, r: 16, t: 40, b: 72 },
      ...axes,
    };
  }, [curves]);

  return (
    <>
      <Plot
        title="Metrics per epoch"
        data={data}
        layout={layout}
        filename="checkpoints-metrics"
        height={300}
      />
      <table className="checkpoint-metrics" data-testid="checkpoint-metrics">
        <thead>
          <tr>
            <th>epoch</th>
            {curves.map((c) => (
              <th key={c.key}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {epochs.map((e, row) => (
            <tr key={e} data-epoch={e}>
              <td>{e}</td>
              {curves.map((c) => (
                <td key={c.key} data-metric={c.key} data-value={c.values[row]}>
                  {fmt(c.key, c.values[row])}
                </td>
              ))}
            </tr>
          ))}
          {reference && (
            <tr className="muted" data-epoch="baseline">
              <td>linear average</td>
              {reference.map((c) => (
                <td key={c.key} data-metric={c.key} data-value={c.values[0]}>
                  {fmt(c.key, c.values[0])}
                </td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}
