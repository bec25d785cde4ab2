import { useEffect, useMemo, useState } from 'react';
import { Plot, type PlotData } from '../../components/Plot';
import { modelColor } from '../../components/colors';
import type { ModelInfo } from '../../engine/types';
import type { EvalEntry } from '../../metrics/evaluate';
import { HIT_CURVE_MAX } from '../../metrics/hits';
import { loadManifest, type Manifest } from '../../predictors/manifest';

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

const fmt = (x: number) => x.toFixed(3);
const pctAxis = { tickformat: '.0%', rangemode: 'tozero' as const };

/** Every Compare plot; each trace in its model's colour, hover text on every point. */
export function ComparePlots({ datasetId, entries, models, onPickWindow, running }: Props) {
  const [manifest, setManifest] = useState<Manifest | null>(null);
  useEffect(() => {
    loadManifest().then(setManifest, () => setManifest(null));
  }, []);
  const cosineBars = useMemo<PlotData[]>(
    () => [
      {
        type: 'bar',
        x: entries.map((e) => e.name),
        y: entries.map((e) => e.summary.cosineMean),
        error_y: { type: 'data', array: entries.map((e) => e.summary.cosineStd), visible: true },
        marker: { color: entries.map((e) => modelColor(e.id)) },
        hovertext: entries.map(
          (e) =>
            `${e.name}<br>cosine ${fmt(e.summary.cosineMean)} ± ${fmt(e.summary.cosineStd)}<br>n = ${e.summary.n}`,
        ),
        hoverinfo: 'text',
      } as PlotData,
    ],
    [entries],
  );

  const hitBars = useMemo<PlotData[]>(
    () =>
      entries.map((e) => {
        const ks = [1, 5, 10, 20];
        const ys = [e.summary.hit1, e.summary.hit5, e.summary.hit10, e.summary.hit20];
        // binomial standard error of a proportion
        const se = ys.map((p) => Math.sqrt((p * (1 - p)) / Math.max(e.summary.n, 1)));
        return {
          type: 'bar',
          name: e.name,
          x: ks.map((k) => `Hit@${k}`),
          y: ys,
          error_y: { type: 'data', array: se, visible: true },
          marker: { color: modelColor(e.id) },
          hovertext: ys.map(
            (p, j) =>
              `${e.name}<br>Hit@${ks[j]} ${(100 * p).toFixed(1)}% ± ${(100 * se[j]).toFixed(1)}`,
          ),
          hoverinfo: 'text',
        } as PlotData;
      }),
    [entries],
  );

  const hitCurves = useMemo<PlotData[]>(
    () =>
      entries.map(
        (e) =>
          ({
            type: 'scatter',
            mode: 'lines',
            name: e.name,
            x: Array.from({ length: HIT_CURVE_MAX }, (_, i) => i + 1),
            y: e.summary.hitCurve,
            line: { color: modelColor(e.id) },
            hovertemplate: `${e.name}<br>Hit@%{x}: %{y:.1%}<extra></extra>`,
          }) as PlotData,
      ),
    [entries],
  );

  const distributions = useMemo<PlotData[]>(
    () =>
      (running ? [] : entries).map(
        (e) =>
          ({
            type: 'box',
            name: e.name,
            y: Array.from(e.cosines),
            marker: { color: modelColor(e.id) },
            boxpoints: false,
            boxmean: 'sd',
            hoverinfo: 'y+name',
          }) as PlotData,
      ),
    [entries, running],
  );

  const paramsVsOod = useMemo<PlotData[]>(() => {
    const points = models.flatMap((m) => {
      const evaluated = datasetId === 'demo-ood' ? entries.find((e) => e.id === m.id) : undefined;
      const cos =
        evaluated?.summary.cosineMean ??
        manifest?.models.find((x) => x.id === m.id)?.metrics.ood.cosine_mean;
      return m.params && cos !== undefined ? [{ m, cos }] : [];
    });
    return points.map(
      ({ m, cos }) =>
        ({
          type: 'scatter',
          mode: 'markers+text',
          name: m.name,
          x: [m.params],
          y: [cos],
          text: [m.name],
          textposition: 'top center',
          marker: { color: modelColor(m.id), size: 12 },
          hovertext: [
            `${m.name}<br>${m.params!.toLocaleString()} params<br>OOD cosine ${fmt(cos)}`,
          ],
          hoverinfo: 'text',
        }) as PlotData,
    );
  }, [models, entries, manifest, datasetId]);

  const [a, setA] = useState(entries[0]?.id ?? '');
  const [b, setB] = useState(entries[1]?.id ?? entries[0]?.id ?? '');
  const ea = entries.find((e) => e.id === a) ?? entries[0];
  const eb = entries.find((e) => e.id === b) ?? entries[1] ?? entries[0];
  const paired = useMemo<PlotData[]>(() => {
    if (!ea || !eb || running) return [];
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
            `window ${i}<br>${ea.name}: ${fmt(ea.cosines[i])} (rank ${ea.ranks[i]})<br>${eb.name}: ${fmt(eb.cosines[i])} (rank ${eb.ranks[i]})<br>click to open in Predict`,
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
  }, [ea, eb, running]);

  const curves = useMemo<PlotData[]>(() => {
    if (!manifest) return [];
    return manifest.models.flatMap((m) => [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: `${m.name} val cosine`,
        x: m.history.map((h) => h.epoch),
        y: m.history.map((h) => h.val_cosine),
        line: { color: modelColor(m.id) },
        hovertemplate: `${m.name}<br>epoch %{x}<br>val cosine %{y:.3f}<extra></extra>`,
      } as PlotData,
      {
        type: 'scatter',
        mode: 'lines',
        name: `${m.name} train loss`,
        x: m.history.map((h) => h.epoch),
        y: m.history.map((h) => h.train_loss),
        yaxis: 'y2',
        line: { color: modelColor(m.id), dash: 'dot' },
        hovertemplate: `${m.name}<br>epoch %{x}<br>train loss %{y:.4f}<extra></extra>`,
      } as PlotData,
    ]);
  }, [manifest]);

  const file = (s: string) => `lvm-lens-${datasetId}-${s}`;
  return (
    <div className="compare-plots">
      <Plot
        title="Cosine to the true next vector (mean ± std)"
        data={cosineBars}
        filename={file('cosine')}
        layout={{ yaxis: { title: { text: 'cosine' } } }}
      />
      <Plot
        title="Hit@K (± standard error)"
        data={hitBars}
        filename={file('hits')}
        layout={{ barmode: 'group', yaxis: pctAxis }}
      />
      <Plot
        title={`Hit@K for K = 1..${HIT_CURVE_MAX}`}
        data={hitCurves}
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
      <Plot
        title="Parameters vs OOD cosine"
        data={paramsVsOod}
        filename={file('params-vs-ood')}
        layout={{
          xaxis: { type: 'log', title: { text: 'parameters' } },
          yaxis: { title: { text: 'OOD cosine' } },
          showlegend: false,
        }}
      />
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
            layout={{
              xaxis: { title: { text: ea?.name ?? '' } },
              yaxis: { title: { text: eb?.name ?? '' }, scaleanchor: 'x' },
              showlegend: false,
            }}
            onPointClick={(p) => {
              if (p.curveNumber === 0 && typeof p.customdata === 'number')
                onPickWindow(p.customdata);
            }}
          />
        </div>
      )}
      {curves.length > 0 && (
        <Plot
          title="Training curves (from the manifest)"
          data={curves}
          filename="lvm-lens-training-curves"
          layout={{
            xaxis: { title: { text: 'epoch' } },
            yaxis: { title: { text: 'val cosine' } },
            yaxis2: { title: { text: 'train loss' }, overlaying: 'y', side: 'right' },
          }}
        />
      )}
    </div>
  );
}
