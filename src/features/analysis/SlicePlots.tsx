import { useMemo } from 'react';
import { Plot } from '../../components/Plot';
import type { SliceMetrics } from '../../metrics/slices';
import type { EntryAnalysis } from './analysisJob';
import { sliceTraces } from './analysisPlots';
import type { SliceSet } from './sliceSets';

const METRICS: Array<{ key: keyof SliceMetrics; label: string }> = [
  { key: 'cosine', label: 'mean cosine' },
  { key: 'hit5', label: 'Hit@5' },
  { key: 'mrr', label: 'MRR' },
];

/** One slice key: cosine, Hit@5 and MRR side by side, one series per model and baseline. */
function SliceFigure({
  set,
  index,
  entries,
}: {
  set: SliceSet;
  index: number;
  entries: EntryAnalysis[];
}) {
  const data = useMemo(() => sliceTraces(set, index, entries, METRICS), [entries, index, set]);
  // Many slices (topics) do not fit a third of the width: the three metrics are stacked instead.
  const stacked = set.slicing!.labels.length > 6;
  const layout = {
    grid: stacked
      ? { rows: 3, columns: 1, pattern: 'independent' as const, ygap: 0.35 }
      : { rows: 1, columns: 3, pattern: 'independent' as const },
    annotations: METRICS.map(({ label }, m) => ({
      text: label,
      showarrow: false,
      xref: 'paper' as const,
      yref: 'paper' as const,
      x: stacked ? 0 : (m + 0.5) / 3,
      xanchor: stacked ? ('left' as const) : ('center' as const),
      y: stacked ? 1 - m * 0.375 + 0.02 : 1.02,
      yanchor: 'bottom' as const,
    })),
    margin: { l: 48, r: 150, t: 64, b: stacked ? 120 : 64 },
  };
  return (
    <Plot
      title={set.title}
      data={data}
      layout={layout}
      filename={`slices-${set.key}`}
      height={stacked ? 900 : 400}
    />
  );
}

/** Every slice key: a figure where it applies, a sentence saying why where it does not. */
export function SlicePlots({ sets, entries }: { sets: SliceSet[]; entries: EntryAnalysis[] }) {
  return (
    <section className="panel analysis-slices" data-testid="analysis-slices">
      <h2>Error slices</h2>
      <p className="muted">
        Each point is the mean over a slice's windows with ± one standard error; n under each slice
        is its number of windows. A flat line means the predictor is equally good everywhere.
      </p>
      {sets.map((set, i) => (
        <div key={set.key} className="slice-figure" data-slice={set.key}>
          {set.slicing ? (
            <SliceFigure set={set} index={i} entries={entries} />
          ) : (
            <p className="notice">
              {set.title}: does not apply. {set.unavailable}
            </p>
          )}
        </div>
      ))}
    </section>
  );
}
