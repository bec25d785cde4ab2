import { describe, expect, it } from 'vitest';
import { benchInput, benchModel, type BenchOrt } from '../../engine/benchCore';
import {
  checkTargets,
  matchedTargets,
  csvRows,
  formatMs,
  formatRatio,
  latencyTable,
  markdownTable,
  medianRows,
  summarizeTimes,
  summaryRows,
  type RuntimeResult,
} from './benchTable';

const close = (a: number, b: number, eps = 1e-9) => expect(Math.abs(a - b)).toBeLessThan(eps);

function runtime(id: string, model: string, batches: [number, number[]][]): RuntimeResult {
  return {
    id,
    label: id.toUpperCase(),
    status: 'ok',
    models: {
      [model]: { loadMs: 5, batches: batches.map(([batch, timesMs]) => ({ batch, timesMs })) },
    },
  };
}

describe('summarizeTimes', () => {
  it('takes numpy-style percentiles and throughput over the total time', () => {
    const s = summarizeTimes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4);
    close(s.p50, 5.5);
    close(s.p95, 9.55);
    close(s.p99, 9.91);
    // 10 runs of 4 windows in 55 ms
    close(s.throughput, 40 / 0.055, 1e-6);
    expect(s.runs).toBe(10);
  });
  it('gives NaN for no runs', () => {
    expect(summarizeTimes([], 1).p50).toBeNaN();
    expect(summarizeTimes([], 1).throughput).toBeNaN();
  });
});

describe('summaryRows', () => {
  const native = runtime('native-2', 'amn', [
    [1, [1, 1, 1]],
    [256, [100, 100]],
  ]);
  const wasm = runtime('wasm-1', 'amn', [
    [1, [2, 2, 2]],
    [256, [250, 250]],
  ]);
  const rows = summaryRows(
    [native, wasm, { ...wasm, id: 'x', models: { amn: { error: 'no' } } }],
    'native-2',
  );

  it('pairs each row with the baseline for the same model and batch', () => {
    expect(rows).toHaveLength(4);
    const w1 = rows.find((r) => r.runtime === 'wasm-1' && r.batch === 1)!;
    close(w1.p50Ratio, 2);
    const w256 = rows.find((r) => r.runtime === 'wasm-1' && r.batch === 256)!;
    close(w256.throughputRatio, 0.4);
  });
  it('leaves ratios NaN without a baseline row', () => {
    const lone = summaryRows([wasm], 'native-2');
    expect(lone[0].p50Ratio).toBeNaN();
    expect(formatRatio(lone[0].p50Ratio)).toBe('–');
  });
  it('checks the targets', () => {
    const checks = checkTargets(rows, ['wasm-1']);
    const p50 = checks.find((c) => c.target.startsWith('batch-1 p50'))!;
    expect(p50).toMatchObject({ model: 'amn', limit: 1.5, met: false });
    const tail = checks.find((c) => c.target.startsWith('batch-1 p95'))!;
    expect(tail.met).toBe(true);
    const tp = checks.find((c) => c.target.includes('throughput'))!;
    close(tp.value, 0.4);
    expect(tp.met).toBe(true);
  });
  it('measures each WASM thread count against native with the same count', () => {
    const native1 = runtime('native-1', 'amn', [
      [1, [1.6, 1.6, 1.6]],
      [256, [125, 125]],
    ]);
    const checks = matchedTargets([[native, native1, wasm]], ['wasm-1']);
    const p50 = checks.find((c) => c.target.startsWith('batch-1 p50'))!;
    // 2 ms against native-1's 1.6 ms (not native-2's 1 ms): within AMN's 1.5x
    expect(p50).toMatchObject({ reference: 'native-1', met: true });
    close(p50.value, 1.25);
    close(checks.find((c) => c.target.includes('throughput'))!.value, 0.5);
    // no native run with that thread count: no ratio to check
    expect(
      matchedTargets([[native, wasm]], ['wasm-1']).some((c) => c.target.includes('native')),
    ).toBe(false);
  });
  it('merges rounds by medians and sums runs', () => {
    const again = summaryRows([native, runtime('wasm-1', 'amn', [[1, [4, 4, 4]]])], 'native-2');
    const third = summaryRows([native, runtime('wasm-1', 'amn', [[1, [3, 3, 3]]])], 'native-2');
    const merged = medianRows([rows, again, third]);
    const w1 = merged.find((r) => r.runtime === 'wasm-1' && r.batch === 1)!;
    close(w1.p50, 3);
    close(w1.p50Ratio, 3);
    expect(w1.runs).toBe(9);
    // a row present in one round only keeps its figures
    expect(merged.find((r) => r.runtime === 'wasm-1' && r.batch === 256)!.runs).toBe(2);
  });
  it('renders Markdown and CSV rows', () => {
    const md = latencyTable(rows, { 'wasm-1': 'WASM 1t' });
    expect(md.split('\n')[1]).toMatch(/^\| --- \| --- \| ---: /);
    expect(md).toContain('| amn | WASM 1t | 1 | 3 | 2.00 | 2.00x |');
    const csv = csvRows(rows, {});
    expect(csv[0]).toMatchObject({ model: 'amn', runtime: 'native-2', batch: 1, p50_ms: 1 });
    expect(csvRows(summaryRows([wasm], 'none'), {})[0].p50_vs_baseline).toBe('');
  });
});

describe('formatting', () => {
  it('escapes pipes in Markdown cells', () => {
    expect(markdownTable(['a'], [['x|y']])).toBe('| a |\n| --- |\n| x\\|y |');
  });
  it('scales milliseconds', () => {
    expect(formatMs(0.01234)).toBe('0.012');
    expect(formatMs(12.345)).toBe('12.35');
    expect(formatMs(1234.5)).toBe('1235');
    expect(formatMs(NaN)).toBe('–');
  });
});

describe('benchModel', () => {
  it('makes unit-norm inputs', () => {
    const x = benchInput(2, 5, 384);
    let n = 0;
    for (let j = 0; j < 384; j++) n += x[j] ** 2;
    close(n, 1, 1e-5);
  });
  /** A session whose every run takes 10 ms on a fake clock; `calls` lists each run's batch. */
  function fakeOrt() {
    const state = { clock: 0, calls: [] as number[], released: false };
    const ort: BenchOrt = {
      InferenceSession: {
        create: async () => ({
          inputNames: ['context'],
          outputNames: ['prediction'],
          run: async (feeds: Record<string, { dims: number[] }>) => {
            state.calls.push(feeds.context.dims[0]);
            state.clock += 10;
            return { prediction: {} };
          },
          release: async () => {
            state.released = true;
          },
        }),
      },
      Tensor: class {
        constructor(
          readonly type: string,
          readonly data: Float32Array,
          readonly dims: number[],
        ) {}
      },
    };
    return { ort, state };
  }
  const plan = {
    batches: [1, 8],
    warmupRuns: 2,
    warmupMs: 0,
    minRuns: 3,
    maxRuns: 5,
    budgetMs: 35,
  };

  it('warms up, then times between minRuns and maxRuns per batch, and releases', async () => {
    const { ort, state } = fakeOrt();
    const r = await benchModel(ort, new Uint8Array(), {}, { k: 5, d: 4 }, plan, {
      now: () => state.clock,
    });
    // 2 untimed + runs until 35 ms (4 runs of 10 ms) per batch size
    expect(r.batches.map((b) => b.timesMs.length)).toEqual([4, 4]);
    expect(state.calls.filter((c) => c === 8)).toHaveLength(6);
    expect(r.batches[0].timesMs.every((t) => t === 10)).toBe(true);
    expect(state.released).toBe(true);
  });

  it('keeps warming up until warmupMs has passed, not just warmupRuns', async () => {
    const { ort, state } = fakeOrt();
    const r = await benchModel(
      ort,
      new Uint8Array(),
      {},
      { k: 5, d: 4 },
      { ...plan, warmupMs: 50 },
      { now: () => state.clock },
    );
    // 5 untimed runs of 10 ms reach 50 ms; the timed runs are unchanged
    expect(state.calls.filter((c) => c === 1)).toHaveLength(5 + 4);
    expect(r.batches[0].timesMs).toHaveLength(4);
  });
});
