import { useEffect, useMemo, useState } from 'react';
import { Plot, type PlotData } from '../../components/Plot';
import type { ModelInfo } from '../../engine/types';
import type { EvalEntry } from '../../metrics/evaluate';
import { HIT_CURVE_MAX } from '../../metrics/hits';
import { loadManifest, type Manifest } from '../../predictors/manifest';
import {
  cosineBars,
  cosineBoxes,
  hitBars,
  hitCurves,
  pairedLayout,
  pairedRange,
  pairedTraces,
  paramsVsOodTraces,
  shippedSplit,
  trainingCurves,
  trainingLayout,
} from './comparePlotData';

interface Props {
  datasetId: string;
  entries: EvalEntry[];
  models: ModelInfo[];
  /** a point of the paired scatter was clicked: open that window in Predict */
  onPickWindow: (index: number) => void;
  /**
   * While a large split runs: the summary plots follow the windows done so far, the per-window
   * ones (a box and a point per window) wait for the whole split.
   */
  running?: { done: number; of: number };
}

const pctAxis = { tickformat: '.0%', rangemode: 'tozero' as const };

/** Every Compare plot; each trace in its model's colour, hover text on every point. */
export function ComparePlots({ datasetId, entries, models, onPickWindow, running }: Props) {
  const [manifest, setManifest] = useState<Manifest | null>(null);
  useEffect(() => {
    loadManifest().then(setManifest, () => setManifest(null));
  }, []);
  const cosineBarData = useMemo(() => cosineBars(entries), [entries]);
  const hitBarData = useMemo(() => hitBars(entries), [entries]);
  const hitCurveData = useMemo(() => hitCurves(entries), [entries]);
  const distributions = useMemo(() => (running ? [] : cosineBoxes(entries)), [entries, running]);
  // The manifest describes the shipped models on the shipped splits: its plots are drawn only
  // there, never for a user's own dataset.
  const split = shippedSplit(datasetId);
  const paramsVsCosine = useMemo<PlotData[]>(() => {
    if (!split) return [];
    const points = models.flatMap((m) => {
      const cos =
        entries.find((e) => e.id === m.id)?.summary.cosineMean ??
        manifest?.models.find((x) => x.id === m.id)?.metrics[split]?.cosine_mean;
      return m.params && cos !== undefined ? [{ m, cos }] : [];
    });
    return paramsVsOodTraces(points);
  }, [models, entries, manifest, split]);

  const [a, setA] = useState(entries[0]?.id ?? '');
  const [b, setB] = useState(entries[1]?.id ?? entries[0]?.id ?? '');
  const ea = entries.find((e) => e.id === a) ?? entries[0];
  const eb = entries.find((e) => e.id === b) ?? entries[1] ?? entries[0];
  const paired = useMemo(
    () => (!ea || !eb || running ? [] : pairedTraces(ea, eb)),
    [ea, eb, running],
  );
  const curves = useMemo(
    () => (manifest && split ? trainingCurves(manifest.models) : []),
    [manifest, split],
  );
  const range = useMemo(
    (): [number, number] => (ea && eb ? pairedRange(ea, eb) : [-1, 1]),
    [ea, eb],
  );

  const file = (s: string) => `lvm-lens-${datasetId}-${s}`;
  return (
    <div className="compare-plots">
      <Plot
        title="Cosine to the true next vector (mean ± std)"
        data={cosineBarData}
        filename={file('cosine')}
        layout={{ yaxis: { title: { text: 'cosine' } } }}
      />
      <Plot
        title="Hit@K (± standard error)"
        data={hitBarData}
        filename={file('hits')}
        layout={{ barmode: 'group', yaxis: pctAxis }}
      />
      <Plot
        title={`Hit@K for K = 1..${HIT_CURVE_MAX}`}
        data={hitCurveData}
        filename={file('hit-curve')}
        layout={{ xaxis: { title: { text: 'K' } }, yaxis: pctAxis }}
      />
      {running ? (
        <p className="muted" data-testid="per-window-wait">
          Per-window plots (each window's cosine, model against model) are drawn when the whole
          split is done: {running.done.toLocaleString()} of {running.of.toLocaleString()} windows so
          far.
        </p>
      ) : (
        <Plot
          title="Per-window cosine"
          data={distributions}
          filename={file('cosine-distribution')}
          layout={{ showlegend: false }}
        />
      )}
      {paramsVsCosine.length > 0 && (
        <Plot
          title={`Parameters vs ${split} cosine (shipped models)`}
          data={paramsVsCosine}
          filename={file('params-vs-cosine')}
          layout={{
            xaxis: { type: 'log', title: { text: 'parameters' } },
            yaxis: { title: { text: `${split} cosine` } },
            showlegend: false,
          }}
        />
      )}
      {!running && (
        <div className="paired">
          <div className="paired-pick">
            <label>
              x{' '}
              <select aria-label="Model A" value={ea?.id} onChange={(e) => setA(e.target.value)}>
                {entries.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </select>
            </label>{' '}
            <label>
              y{' '}
              <select aria-label="Model B" value={eb?.id} onChange={(e) => setB(e.target.value)}>
                {entries.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Plot
            title={`Per-window cosine: ${ea?.name ?? ''} vs ${eb?.name ?? ''} (click a point to open it)`}
            data={paired}
            filename={file('paired')}
            layout={pairedLayout(ea?.name ?? '', eb?.name ?? '', range)}
            onPointClick={(p) => {
              if (p.curveNumber === 0 && typeof p.customdata === 'number')
                onPickWindow(p.customdata);
            }}
          />
        </div>
      )}
      {curves.length > 0 && (
        <Plot
          title="Training curves of the shipped models (from the manifest)"
          data={curves}
          filename="lvm-lens-training-curves"
          height={420}
          layout={trainingLayout()}
        />
      )}
    </div>
  );
}
