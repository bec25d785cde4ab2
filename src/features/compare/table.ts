/** The Compare table as plain rows: one per model and baseline, ready for display and export. */
import type { ModelInfo } from '../../engine/types';
import type { EvalEntry } from '../../metrics/evaluate';
import type { SplitMetrics } from '../../data/splitMetrics';
import type { PerfResult } from '../../predictors/perf';

export interface CompareRow extends SplitMetrics {
  id: string;
  name: string;
  kind: 'model' | 'baseline';
  dataset: string;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_p99_ms: number | null;
  throughput_per_s: number | null;
  best_batch: number | null;
  params: number | null;
  bytes: number | null;
  backend: string;
}

export const CSV_COLUMNS: (keyof CompareRow & string)[] = [
  'id',
  'name',
  'kind',
  'dataset',
  'n',
  'cosine_mean',
  'cosine_std',
  'hit1',
  'hit5',
  'hit10',
  'hit20',
  'mrr',
  'mean_rank',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'throughput_per_s',
  'best_batch',
  'params',
  'bytes',
  'backend',
];

/** Rows in evaluation order; speed columns stay null until measured. */
export function buildRows(
  datasetId: string,
  entries: EvalEntry[],
  models: ModelInfo[],
  perf: Map<string, PerfResult>,
): CompareRow[] {
  return entries.map((e) => {
    const info = models.find((m) => m.id === e.id);
    const p = perf.get(e.id);
    const s = e.summary;
    return {
      id: e.id,
      name: e.name,
      kind: e.kind,
      dataset: datasetId,
      n: s.n,
      cosine_mean: s.cosineMean,
      cosine_std: s.cosineStd,
      hit1: s.hit1,
      hit5: s.hit5,
      hit10: s.hit10,
      hit20: s.hit20,
      mrr: s.mrr,
      mean_rank: s.meanRank,
      latency_p50_ms: p?.p50 ?? null,
      latency_p95_ms: p?.p95 ?? null,
      latency_p99_ms: p?.p99 ?? null,
      throughput_per_s: p?.throughput ?? null,
      best_batch: p?.bestBatch ?? null,
      params: info?.params ?? (e.kind === 'baseline' ? 0 : null),
      bytes: info?.bytes ?? (e.kind === 'baseline' ? 0 : null),
      backend: p?.backend ?? e.backend,
    };
  });
}

/** 0.4567 -> "45.7%" */
export const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');

/** 1234567 -> "1.23M" */
export function compact(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return String(Math.round(x));
}

/** Rows as flat records in CSV_COLUMNS order (null -> empty), for src/data/export.ts. */
export function toRecords(rows: CompareRow[]): Record<string, string | number>[] {
  return rows.map((r) => Object.fromEntries(CSV_COLUMNS.map((c) => [c, r[c] ?? ''])));
}
