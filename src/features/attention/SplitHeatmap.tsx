import { useMemo } from 'react';
import { Plot, type PlotData } from '../../components/Plot';
import type { Analysable, SplitAnalysis } from './splitAnalyses';
import { ATTENTION_SCALE, headMean, rowEntropy, sortedOrder, type SortKey } from './attentionMath';
import { fmt, positions } from './plots';

/** The y title: what orders the rows (their window numbers are in the hover, not as ticks). */
const ROW_ORDER: Record<SortKey, string> = {
  window: 'windows, in order',
  entropy: 'windows by attention entropy',
  cosine: 'windows by cosine to target',
};

interface HeatmapProps {
  model: Analysable;
  result: SplitAnalysis;
  indices: Int32Array;
  sort: SortKey;
  descending: boolean;
  onPickWindow: (index: number) => void;
}

/** Windows × positions, one row per window, ordered by the chosen key; a click opens the window. */
export function SplitHeatmap({
  model,
  result,
  indices,
  sort,
  descending,
  onPickWindow,
}: HeatmapProps) {
  const { n, k } = result;
  const att = useMemo(() => headMean(result.attention!), [result]);
  const entropy = useMemo(() => rowEntropy(att, n, k), [att, n, k]);
  const order = useMemo(
    () =>
      sortedOrder(
        sort === 'entropy' ? entropy : sort === 'cosine' ? result.cosine : null,
        n,
        descending,
      ),
    [sort, entropy, result, n, descending],
  );
  const data = useMemo<PlotData[]>(() => {
    const z = Array.from(order, (i) => Array.from(att.subarray(i * k, (i + 1) * k)));
    const text = Array.from(order, (i) =>
      Array.from(
        { length: k },
        () => `window ${indices[i]} · entropy ${fmt(entropy[i])} · cosine ${fmt(result.cosine[i])}`,
      ),
    );
    return [
      {
        type: 'heatmap',
        z,
        x: positions(k),
        y: Array.from(order, (_, r) => r),
        text,
        customdata: Array.from(order, (i) => indices[i]),
        colorscale: ATTENTION_SCALE,
        zmin: 0,
        hovertemplate: '%{text}<br>%{x}: %{z:.3f}<extra></extra>',
      } as unknown as PlotData,
    ];
  }, [order, att, k, indices, entropy, result]);
  return (
    <div
      className="att-heatmap"
      data-testid="attention-heatmap"
      data-model={model.id}
      data-rows={n}
    >
      <Plot
        title={`${model.name}: attention, ${n} windows × ${k} positions`}
        data={data}
        filename={`lvm-lens-${model.id}-attention-heatmap`}
        height={Math.min(900, 200 + n * 2)}
        layout={{
          yaxis: {
            title: { text: ROW_ORDER[sort] },
            autorange: 'reversed',
            showticklabels: false,
            ticks: '',
          },
        }}
        onPointClick={(p) => {
          const row = Number(p.y);
          if (Number.isInteger(row)) onPickWindow(indices[order[row]]);
        }}
      />
    </div>
  );
}
