import { useMemo, useState } from 'react';
import { Plot, type PlotData } from '../../components/Plot';
import { modelColor } from '../../components/colors';
import type { WindowSet } from '../../data/types';
import { meanStd } from '../../metrics/hits';
import { spearman } from '../../metrics/spearman';
import {
  analyse,
  gather,
  sampleIndices,
  type Analysable,
  type SplitAnalysis,
} from './splitAnalyses';
import { columnProfile, headMean, type SortKey } from './attentionMath';
import { JobButton } from '../../components/JobButton';
import { missingNotice } from './missingNotice';
import { SplitHeatmap } from './SplitHeatmap';
import { usePanelJob } from '../../jobs/useJob';
import { fmt, headsHeatmap, profileTrace } from './plots';

interface Props {
  /** identifies the data + models (results are kept per key) */
  runKey: string;
  label: string;
  windows: WindowSet;
  models: Analysable[];
  limit: number;
  onPickWindow: (index: number) => void;
}

interface SplitResult {
  /** window index of each analysed row */
  indices: Int32Array;
  byModel: { model: Analysable; result: SplitAnalysis }[];
}

/** Split-wide attention heatmaps, recency and occlusion profiles, Spearman(attention, occlusion). */
export function SplitPanel({ runKey, label, windows, models, limit, onPickWindow }: Props) {
  // Results outlive the view (switching tabs keeps them), kept per data, K and sample size.
  const job = usePanelJob<SplitResult>({
    key: `attention-split|${runKey}|${limit}`,
    slot: 'attention-split',
    title: `Attention · across ${label}`,
    view: 'attention',
  });
  const shown = job.result ?? null;
  const [sort, setSort] = useState<SortKey>('window');
  const [descending, setDescending] = useState(false);
  const { k, dim: d } = windows;

  const run = () =>
    job.start(async ({ signal, report }) => {
      const indices = sampleIndices(windows.n, limit);
      const { contexts, targets } = gather(windows, indices);
      const byModel: SplitResult['byModel'] = [];
      for (const [j, model] of models.entries()) {
        const result = await analyse(model, contexts, targets, indices.length, k, d, {
          removal: true,
          signal,
          onProgress: (f) => report((j + f) / models.length, model.name),
        });
        byModel.push({ model, result });
      }
      return { indices, byModel };
    });

  const withAtt = useMemo(() => shown?.byModel.filter((r) => r.result.attention) ?? [], [shown]);

  const profiles = useMemo<{ attention: PlotData[]; occlusion: PlotData[] }>(() => {
    if (!shown) return { attention: [], occlusion: [] };
    const n = shown.indices.length;
    const trace = (id: string, name: string, p: { mean: number[]; std: number[] }) =>
      profileTrace(id, name, k, p);
    return {
      attention: withAtt.map(({ model, result }) =>
        trace(model.id, model.name, columnProfile(headMean(result.attention!), n, k)),
      ),
      occlusion: shown.byModel.map(({ model, result }) =>
        trace(model.id, model.name, columnProfile(result.occlusion, n, k)),
      ),
    };
  }, [shown, withAtt, k]);

  if (models.length === 0) return null;
  return (
    <section className="panel" aria-label="Across the split">
      <div className="att-controls">
        <h2>Across {label}</h2>
        <JobButton job={job} onRun={run}>
          {shown ? 'Re-run' : 'Analyse split'}
        </JobButton>
        <span className="muted">
          {Math.min(limit, windows.n)} of {windows.n} windows · one batched call of n·(K+1) windows
          per model and chunk
        </span>
      </div>
      {job.error && <p className="error">{job.error}</p>}
      {shown &&
        !job.progress &&
        missingNotice(
          shown.byModel.map((r) => r.model),
          models,
        )}
      {shown && (
        <>
          <SpearmanTable rows={withAtt} k={k} />
          {withAtt.length > 0 && (
            <span className="att-sort">
              <label>
                Sort windows by{' '}
                <select
                  aria-label="Sort windows by"
                  value={sort}
                  onChange={(e) => setSort(e.target.value as SortKey)}
                >
                  <option value="window">window order</option>
                  <option value="entropy">attention entropy</option>
                  <option value="cosine">cosine to target</option>
                </select>
              </label>{' '}
              <label>
                <input
                  type="checkbox"
                  checked={descending}
                  onChange={(e) => setDescending(e.target.checked)}
                />{' '}
                descending
              </label>
            </span>
          )}
          {withAtt.map(({ model, result }) => (
            <SplitHeatmap
              key={model.id}
              model={model}
              result={result}
              indices={shown.indices}
              sort={sort}
              descending={descending}
              onPickWindow={onPickWindow}
            />
          ))}
          <div className="att-plots">
            {profiles.attention.length > 0 && (
              <Plot
                title="Recency profile: mean attention per position (± std)"
                data={profiles.attention}
                filename={`lvm-lens-recency-${label}`}
                layout={{ yaxis: { title: { text: 'attention' }, rangemode: 'tozero' } }}
              />
            )}
            <Plot
              title="Occlusion saliency per position (mean ± std)"
              data={profiles.occlusion}
              filename={`lvm-lens-occlusion-${label}`}
              layout={{ yaxis: { title: { text: 'drop in cosine' } } }}
            />
          </div>
          {withAtt
            .filter((r) => r.result.attention!.heads > 1)
            .map(({ model, result }) => {
              const a = result.attention!;
              return (
                <Plot
                  key={model.id}
                  title={`${model.name}: last token's attention per head, mean over ${a.n} windows`}
                  data={[headsHeatmap(a)]}
                  filename={`lvm-lens-${model.id}-heads-${label}`}
                  height={280}
                  layout={{ margin: { l: 72, r: 16, t: 40, b: 40 } }}
                />
              );
            })}
        </>
      )}
    </section>
  );
}

function SpearmanTable({
  rows,
  k,
}: {
  rows: { model: Analysable; result: SplitAnalysis }[];
  k: number;
}) {
  if (rows.length === 0) return null;
  return (
    <table className="att-spearman" data-testid="split-spearman">
      <thead>
        <tr>
          <th>Model</th>
          <th className="num">mean ρ per window</th>
          <th className="num">ρ pooled over the split</th>
          <th className="num">ρ of the mean profiles</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ model, result }) => {
          const att = headMean(result.attention!);
          const per = [...result.spearman!].filter(Number.isFinite);
          const n = result.n;
          return (
            <tr key={model.id}>
              <th scope="row">
                <span className="swatch" style={{ background: modelColor(model.id) }} />
                {model.name}
              </th>
              <td className="num">
                {fmt(meanStd(per).mean)} <span className="muted">(n = {per.length})</span>
              </td>
              <td className="num">{fmt(spearman(att, result.occlusion))}</td>
              <td className="num">
                {fmt(
                  spearman(
                    columnProfile(att, n, k).mean,
                    columnProfile(result.occlusion, n, k).mean,
                  ),
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
