import { useEffect, useMemo, useState } from 'react';
import { Plot } from '../../components/Plot';
import { modelColor } from '../../components/colors';
import type { WindowSet } from '../../data/types';
import { spearman } from '../../metrics/spearman';
import { analyse, gather, type Analysable, type SplitAnalysis } from './splitAnalyses';
import { headMean } from './attentionMath';
import { fmt, headsHeatmap } from './plots';

interface Props {
  windows: WindowSet;
  index: number;
  models: Analysable[];
  /** text of context position a of this window */
  contextText: (a: number) => string;
}

interface Result {
  key: string;
  byModel: { model: Analysable; result?: SplitAnalysis; error?: string }[];
}

/**
 * A horizontal bar for a value in [-max, max]; negative values grow leftwards from the middle. The
 * value is written beside the bar's track, never over its fill.
 */
function Bar(props: {
  value: number;
  max: number;
  color: string;
  signed?: boolean;
  testid: string;
  model: string;
  position: number;
}) {
  const { value, max, color, signed, testid, model, position } = props;
  const frac = max > 0 ? Math.min(1, Math.abs(value) / max) : 0;
  const width = `${(signed ? 50 : 100) * frac}%`;
  const left = signed ? (value < 0 ? `${50 - 50 * frac}%` : '50%') : '0';
  return (
    <div
      className={signed ? 'att-bar signed' : 'att-bar'}
      data-testid={testid}
      data-model={model}
      data-position={position}
      data-value={value}
      title={`${model} · position ${position + 1}: ${fmt(value)}`}
    >
      <em>{fmt(value)}</em>
      <span className="att-track">
        <span style={{ width, left, background: color }} />
      </span>
    </div>
  );
}

/**
 * One window: every model's attention and occlusion saliency as bars beside the context sentences,
 * the per-head attention of multi-head models, and Spearman(attention, occlusion) where both exist.
 */
export function WindowInspector({ windows, index, models, contextText }: Props) {
  const { k, dim: d } = windows;
  const key = `${index}|${models.map((m) => m.id).join(',')}`;
  const [res, setRes] = useState<Result | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    const { contexts, targets } = gather(windows, [index]);
    Promise.all(
      models.map((model) =>
        analyse(model, contexts, targets, 1, k, d, { removal: true, signal: ac.signal }).then(
          (result) => ({ model, result }),
          (e: Error) => ({ model, error: e.message }),
        ),
      ),
    ).then((byModel) => {
      if (!ac.signal.aborted) setRes({ key, byModel });
    });
    return () => ac.abort();
  }, [windows, index, models, k, d, key]);

  const rows = res?.byModel ?? [];
  const withAtt = rows.filter((r) => r.result?.attention);
  const withRemoval = rows.filter((r) => r.result?.removal);
  const maxAtt = 1;
  const maxOcc = Math.max(
    1e-6,
    ...rows.flatMap((r) => (r.result ? [...r.result.occlusion].map(Math.abs) : [])),
  );
  const maxRem = Math.max(
    1e-6,
    ...withRemoval.flatMap((r) => [...r.result!.removal!].map(Math.abs)),
  );

  // Keyed on the result itself: `withAtt` is a new array every render.
  const headPlots = useMemo(
    () =>
      (res?.byModel ?? [])
        .filter((r) => (r.result?.attention?.heads ?? 0) > 1)
        .map((r) => ({
          id: r.model.id,
          name: r.model.name,
          data: [headsHeatmap(r.result!.attention!)],
        })),
    [res],
  );

  if (models.length === 0)
    return <p className="notice">No model fits this dataset's K and dimension.</p>;
  if (!res) return <p className="muted">Computing attention and occlusion…</p>;
  const stale = res.key !== key;
  return (
    <div className={stale ? 'att-stale' : ''} aria-busy={stale}>
      <div className="att-scroll">
        <table className="att-table" data-testid="window-attention">
          <thead>
            <tr>
              <th>Context sentence</th>
              {withAtt.map((r) => (
                <th key={`a-${r.model.id}`}>
                  <span className="swatch" style={{ background: modelColor(r.model.id) }} />
                  {r.model.name} attention
                  {r.result!.attention!.heads > 1 && (
                    <span className="muted"> (mean of heads)</span>
                  )}
                </th>
              ))}
              {rows.map((r) => (
                <th key={`o-${r.model.id}`}>
                  <span className="swatch" style={{ background: modelColor(r.model.id) }} />
                  {r.model.name} occlusion
                </th>
              ))}
              {withRemoval.map((r) => (
                <th key={`r-${r.model.id}`}>{r.model.name} removal</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: k }, (_, a) => (
              <tr key={a}>
                <td className="att-text">
                  <span className="muted">
                    {a + 1}
                    {a === k - 1 ? ' (newest)' : a === 0 ? ' (oldest)' : ''}
                  </span>{' '}
                  {contextText(a)}
                </td>
                {withAtt.map((r) => (
                  <td key={r.model.id}>
                    <Bar
                      value={headMean(r.result!.attention!)[a]}
                      max={maxAtt}
                      color={modelColor(r.model.id)}
                      testid="attention-bar"
                      model={r.model.id}
                      position={a}
                    />
                  </td>
                ))}
                {rows.map((r) => (
                  <td key={r.model.id}>
                    {r.result ? (
                      <Bar
                        value={r.result.occlusion[a]}
                        max={maxOcc}
                        color={modelColor(r.model.id)}
                        signed
                        testid="saliency-bar"
                        model={r.model.id}
                        position={a}
                      />
                    ) : (
                      a === 0 && <span className="error">{r.error}</span>
                    )}
                  </td>
                ))}
                {withRemoval.map((r) => (
                  <td key={r.model.id}>
                    <Bar
                      value={r.result!.removal![a]}
                      max={maxRem}
                      color={modelColor(r.model.id)}
                      signed
                      testid="removal-bar"
                      model={r.model.id}
                      position={a}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted att-legend">
        Occlusion: drop in cosine to the true next sentence when that sentence is replaced by the
        (re-normalised) mean of the other {k - 1}; negative = the model did better without it.
        Cosine to the target:{' '}
        {rows.map((r, j) => (
          <span key={r.model.id} data-testid="window-cosine" data-model={r.model.id}>
            {j > 0 && ' · '}
            {r.model.name} {fmt(r.result?.cosine[0] ?? NaN)}
          </span>
        ))}
      </p>
      {withAtt.length > 0 && (
        <p data-testid="window-spearman">
          Spearman ρ(attention, occlusion) for this window:{' '}
          {withAtt.map((r, j) => (
            <span key={r.model.id}>
              {j > 0 && ' · '}
              {r.model.name} {fmt(spearman(headMean(r.result!.attention!), r.result!.occlusion))}
            </span>
          ))}
        </p>
      )}
      {headPlots.map((p) => (
        <Plot
          key={p.id}
          title={`${p.name}: last token's attention per head (window ${index})`}
          data={p.data}
          filename={`lvm-lens-${p.id}-heads-window-${index}`}
          height={260}
          layout={{ margin: { l: 72, r: 16, t: 40, b: 40 } }}
        />
      ))}
    </div>
  );
}
