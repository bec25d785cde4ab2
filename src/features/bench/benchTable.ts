/**
 * Pure summary of model-benchmark timings: percentiles, throughput, ratios to a baseline runtime,
 * the targets of issue 9 and Markdown tables. Used by the Bench view and by bench/run.bench.mjs.
 */
import { percentile } from '../../predictors/perf';
import type { ModelBenchResult } from '../../engine/benchCore';

/** One runtime configuration's results (a browser backend, onnxruntime-node, PyTorch ...). */
export interface RuntimeResult {
  /** stable id, e.g. "wasm-1", "wasm-2", "webgpu", "webnn", "native-2", "torch-2" */
  id: string;
  label: string;
  status: 'ok' | 'unavailable' | 'failed' | 'not measured';
  /** why unavailable/failed, or what to know about the figures (e.g. a software adapter) */
  note?: string;
  /** peak memory where measurable, with what the figure is */
  memory?: { bytes: number; what: string };
  /** per model id: timings, or the error that model hit */
  models: Record<string, ModelBenchResult | { error: string }>;
}

export interface SummaryRow {
  model: string;
  runtime: string;
  batch: number;
  /** timed runs (summed over rounds when rounds are merged) */
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  /** windows per second over all timed runs: batch × runs / total time */
  throughput: number;
  loadMs: number;
  /** figure / baseline's figure for the same model and batch (NaN without a baseline) */
  p50Ratio: number;
  p95Ratio: number;
  p99Ratio: number;
  throughputRatio: number;
}

export function isTimed(r: ModelBenchResult | { error: string }): r is ModelBenchResult {
  return 'batches' in r;
}

/** Percentiles and throughput of one batch size's run times (ms). */
export function summarizeTimes(
  timesMs: readonly number[],
  batch: number,
): { runs: number; p50: number; p95: number; p99: number; throughput: number } {
  const total = timesMs.reduce((a, b) => a + b, 0);
  return {
    runs: timesMs.length,
    p50: percentile(timesMs, 50),
    p95: percentile(timesMs, 95),
    p99: percentile(timesMs, 99),
    throughput: total > 0 ? (batch * timesMs.length) / (total / 1000) : NaN,
  };
}

/** One row per runtime × model × batch size, each figure also as a ratio to `baselineId`'s. */
export function summaryRows(results: readonly RuntimeResult[], baselineId: string): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const r of results) {
    for (const [model, m] of Object.entries(r.models)) {
      if (!isTimed(m)) continue;
      for (const b of m.batches) {
        rows.push({
          model,
          runtime: r.id,
          batch: b.batch,
          loadMs: m.loadMs,
          ...summarizeTimes(b.timesMs, b.batch),
          p50Ratio: NaN,
          p95Ratio: NaN,
          p99Ratio: NaN,
          throughputRatio: NaN,
        });
      }
    }
  }
  for (const row of rows) {
    const base = rows.find(
      (x) => x.runtime === baselineId && x.model === row.model && x.batch === row.batch,
    );
    if (!base) continue;
    row.p50Ratio = row.p50 / base.p50;
    row.p95Ratio = row.p95 / base.p95;
    row.p99Ratio = row.p99 / base.p99;
    row.throughputRatio = row.throughput / base.throughput;
  }
  return rows;
}

/**
 * Rows measured in several rounds, merged: each figure and each ratio is the median over the
 * rounds that have the row. Ratios are paired within a round (runtimes measured minutes apart,
 * not hours), then their median is taken.
 */
export function medianRows(rounds: readonly (readonly SummaryRow[])[]): SummaryRow[] {
  if (rounds.length === 1) return [...rounds[0]];
  const key = (r: SummaryRow) => `${r.runtime}|${r.model}|${r.batch}`;
  const groups = new Map<string, SummaryRow[]>();
  for (const round of rounds)
    for (const r of round) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  const fields = [
    'p50',
    'p95',
    'p99',
    'throughput',
    'loadMs',
    'p50Ratio',
    'p95Ratio',
    'p99Ratio',
    'throughputRatio',
  ] as const;
  return [...groups.values()].map((g) => {
    const row = { ...g[0], runs: g.reduce((a, r) => a + r.runs, 0) };
    for (const f of fields) row[f] = percentile(g.map((r) => r[f]).filter(Number.isFinite), 50);
    return row;
  });
}

/** "1.23x", or "–" when there is nothing to compare with. */
export function formatRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : '–';
}

/** Milliseconds with precision that suits their size: 0.0123, 1.23, 123. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 100) return ms.toFixed(2);
  return ms.toFixed(0);
}

/** Bytes as MiB with one decimal. */
export function formatMiB(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? '–' : `${(bytes / 2 ** 20).toFixed(1)}`;
}

/** A GitHub Markdown table; `right` marks columns to right-align. */
export function markdownTable(
  header: string[],
  body: (string | number)[][],
  right: boolean[] = [],
): string {
  const esc = (v: string | number) => String(v).replace(/\|/g, '\\|');
  const lines = [
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map((_, i) => (right[i] ? '---:' : '---')).join(' | ')} |`,
    ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** The long table: every model × runtime × batch with each figure's ratio to the baseline. */
export function latencyTable(rows: readonly SummaryRow[], labels: Record<string, string>): string {
  const header = [
    'model',
    'runtime',
    'batch',
    'runs',
    'p50 ms',
    '×',
    'p95 ms',
    '×',
    'p99 ms',
    '×',
    'windows/s',
    '×',
  ];
  const body = rows.map((r) => [
    r.model,
    labels[r.runtime] ?? r.runtime,
    r.batch,
    r.runs,
    formatMs(r.p50),
    formatRatio(r.p50Ratio),
    formatMs(r.p95),
    formatRatio(r.p95Ratio),
    formatMs(r.p99),
    formatRatio(r.p99Ratio),
    Math.round(r.throughput),
    formatRatio(r.throughputRatio),
  ]);
  return markdownTable(header, body, [false, false, ...Array<boolean>(10).fill(true)]);
}

export interface TargetCheck {
  target: string;
  model: string;
  runtime: string;
  /** the runtime the ratio is to (native with the same thread count), if any */
  reference?: string;
  value: number;
  limit: number;
  met: boolean;
}

/**
 * Issue 9's targets for each WASM configuration: batch-1 p50 ≤ 1.5x native (AMN) and ≤ 2x (GRU);
 * p95 ≤ 2x its own p50 at batch 1; throughput at batch 256 ≥ 30% of native.
 */
export function checkTargets(
  rows: readonly SummaryRow[],
  wasmIds: readonly string[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const find = (runtime: string, model: string, batch: number) =>
    rows.find((r) => r.runtime === runtime && r.model === model && r.batch === batch);
  for (const runtime of wasmIds) {
    for (const [model, limit] of [
      ['amn', 1.5],
      ['gru', 2],
    ] as const) {
      const r = find(runtime, model, 1);
      if (r && Number.isFinite(r.p50Ratio))
        checks.push({
          target: 'batch-1 p50 / native p50',
          model,
          runtime,
          value: r.p50Ratio,
          limit,
          met: r.p50Ratio <= limit,
        });
    }
    for (const r of rows.filter((x) => x.runtime === runtime && x.batch === 1)) {
      checks.push({
        target: 'batch-1 p95 / own p50',
        model: r.model,
        runtime,
        value: r.p95 / r.p50,
        limit: 2,
        met: r.p95 / r.p50 <= 2,
      });
    }
    for (const r of rows.filter((x) => x.runtime === runtime && x.batch === 256)) {
      if (!Number.isFinite(r.throughputRatio)) continue;
      checks.push({
        target: 'batch-256 throughput / native',
        model: r.model,
        runtime,
        value: r.throughputRatio,
        limit: 0.3,
        met: r.throughputRatio >= 0.3,
      });
    }
  }
  return checks;
}

/**
 * The targets with each WASM configuration measured against native onnxruntime with the same
 * thread count ("wasm-1" against "native-1"): runtime overhead, not core count, is what they
 * bound. Ratios are paired within each round, then the median over rounds is taken.
 */
export function matchedTargets(
  rounds: readonly (readonly RuntimeResult[])[],
  wasmIds: readonly string[],
): TargetCheck[] {
  return wasmIds.flatMap((id) => {
    const reference = id.replace(/^wasm-/, 'native-');
    const rows = medianRows(rounds.map((round) => summaryRows(round, reference)));
    return checkTargets(rows, [id]).map((c) => ({ ...c, reference }));
  });
}

/** CSV-ready rows (for toCsv): figures rounded, ratios as plain numbers. */
export function csvRows(
  rows: readonly SummaryRow[],
  labels: Record<string, string>,
): Record<string, string | number>[] {
  const round = (x: number, digits: number) =>
    Number.isFinite(x) ? Number(x.toFixed(digits)) : '';
  return rows.map((r) => ({
    model: r.model,
    runtime: labels[r.runtime] ?? r.runtime,
    batch: r.batch,
    runs: r.runs,
    load_ms: round(r.loadMs, 1),
    p50_ms: round(r.p50, 4),
    p95_ms: round(r.p95, 4),
    p99_ms: round(r.p99, 4),
    windows_per_s: round(r.throughput, 1),
    p50_vs_baseline: round(r.p50Ratio, 3),
    p95_vs_baseline: round(r.p95Ratio, 3),
    p99_vs_baseline: round(r.p99Ratio, 3),
    throughput_vs_baseline: round(r.throughputRatio, 3),
  }));
}
