import { useMemo } from 'react';
import { Plot } from '../../components/Plot';
import { modelColor } from '../../components/colors';
import type { AnalysisResult } from './analysisJob';
import { regressionBoxes, varianceRatioLines } from './analysisPlots';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** Regression to the mean, collapse, effective dimensionality and variance ratios per predictor. */
export function GeometryPanel({ result }: { result: AnalysisResult }) {
  const { entries, targets, sampled } = result;
  const regression = useMemo(() => regressionBoxes(entries), [entries]);
  const ratios = useMemo(() => varianceRatioLines(entries), [entries]);

  return (
    <section className="panel analysis-geometry" data-testid="analysis-geometry">
      <h2>Geometry</h2>
      <div className="table-scroll">
        <table className="geometry-table">
          <thead>
            <tr>
              <th>predictor</th>
              <th>regression to the mean</th>
              <th>mean pairwise cosine</th>
              <th>participation ratio</th>
              <th>median var ratio</th>
            </tr>
          </thead>
          <tbody>
            <tr className="targets">
              <td>targets</td>
              <td>0</td>
              <td>{f3(targets.pairwise)}</td>
              <td>{f1(targets.participation)}</td>
              <td>1</td>
            </tr>
            {entries.map((a) => (
              <tr key={a.entry.id} data-model={a.entry.id}>
                <td>
                  <span className="swatch" style={{ background: modelColor(a.entry.id) }} />
                  {a.entry.name}
                </td>
                <td>{f3(a.regressionMean)}</td>
                <td>{f3(a.geometry.pairwise)}</td>
                <td>{f1(a.geometry.participation)}</td>
                <td>{f3(a.varianceRatioMedian)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        Mean pairwise cosine over {sampled} evenly spaced windows; participation ratio (Σλ)²/Σλ² of
        the covariance over all {result.evaluation.n} windows (predictions normalised). A healthy
        model sits close to the targets row: predictions no more alike than the targets, and about
        as many effective dimensions. A much higher pairwise cosine or a much lower participation
        ratio is collapse.
      </p>
      <Plot
        title="Regression to the mean: cos(prediction, context mean) − cos(target, context mean)"
        data={regression}
        layout={{ showlegend: false, yaxis: { zeroline: true } }}
        filename="regression-to-mean"
      />
      <p className="muted">
        Per window; the box shows quartiles and the dashed line the mean. Near 0 is healthy; above 0
        the prediction hugs the average of what was already said (the linear-average baseline is the
        extreme case), below 0 it strays further than the real next sentence does.
      </p>
      <Plot
        title="Per-dimension variance ratio var(prediction) / var(target), sorted"
        data={ratios}
        layout={{
          xaxis: { title: { text: 'dimension (sorted by ratio)' } },
          yaxis: { type: 'log', title: { text: 'ratio' } },
        }}
        filename="variance-ratio"
      />
      <p className="muted">
        A healthy model's curve stays near 1 across dimensions; a curve far below 1 is a shrunken,
        averaged prediction, and a few dimensions far above 1 are directions the model overshoots.
      </p>
    </section>
  );
}
