import { describe, expect, it } from 'vitest';
import { summarize } from '../../metrics/hits';
import { buildRows, compact, CSV_COLUMNS, pct, toRecords } from './table';

describe('table rows and CSV', () => {
  const entry = (id: string, kind: 'model' | 'baseline') => ({
    id,
    name: id.toUpperCase(),
    kind,
    prediction: new Float32Array(4),
    cosines: Float32Array.from([0.5, 0.7]),
    ranks: Int32Array.from([1, 4]),
    top: { ids: new Int32Array(0), scores: new Float32Array(0), k: 0 },
    summary: summarize([0.5, 0.7], [1, 4]),
    backend: kind === 'model' ? 'wasm' : 'js',
    predictMs: 1,
    rankMs: 1,
  });
  it('fills metrics, size and speed (null until measured)', () => {
    const rows = buildRows(
      'demo-ood',
      [entry('gru', 'model'), entry('persistence', 'baseline')],
      [{ id: 'gru', params: 1234, bytes: 5678 } as never],
      new Map([
        ['gru', { p50: 1, p95: 2, p99: 3, throughput: 400, bestBatch: 32, backend: 'wasm' }],
      ]),
    );
    expect(rows[0]).toMatchObject({
      hit1: 0.5,
      hit5: 1,
      mrr: 0.625,
      params: 1234,
      latency_p95_ms: 2,
      best_batch: 32,
    });
    expect(rows[1]).toMatchObject({ params: 0, latency_p50_ms: null, backend: 'js' });
    expect(rows[0].cosine_mean).toBeCloseTo(0.6, 6);
    const records = toRecords(rows);
    expect(Object.keys(records[0])).toEqual(CSV_COLUMNS);
    expect(records[1]).toMatchObject({
      id: 'persistence',
      kind: 'baseline',
      latency_p50_ms: '',
      n: 2,
    });
  });
  it('formats', () => {
    expect(pct(0.4567)).toBe('45.7%');
    expect(compact(1234567)).toBe('1.23M');
    expect(compact(null)).toBe('—');
  });
});
