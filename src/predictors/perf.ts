/** Speed of a model on the engine: batch-1 latency percentiles and the best bulk throughput. */
import { engine } from '../engine/client';

export const LATENCY_CALLS = 30;
export const WARMUP_CALLS = 3;
export const BATCH_SIZES = [1, 8, 32, 128, 512];

export interface PerfResult {
  p50: number;
  p95: number;
  p99: number;
  /** windows per second at `bestBatch` */
  throughput: number;
  bestBatch: number;
  backend: string;
}

/** Percentile by linear interpolation between order statistics (numpy's default); p in 0..100. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const v = Array.from(values).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = ((v.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/** The batch size with the highest throughput (windows/s) among measured ones. */
export function bestThroughput(byBatch: Map<number, number>): { batch: number; perSecond: number } {
  let best = { batch: 0, perSecond: 0 };
  for (const [batch, perSecond] of byBatch)
    if (perSecond > best.perSecond) best = { batch, perSecond };
  return best;
}

/**
 * Measure one model: `LATENCY_CALLS` single-window interactive calls after warm-up (engine wall
 * time), then one bulk call per batch size (best of two).
 */
export async function measureModel(
  id: string,
  contexts: Float32Array,
  n: number,
  windowSize: number,
  opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<PerfResult> {
  const one = (i: number) => contexts.subarray((i % n) * windowSize, ((i % n) + 1) * windowSize);
  const sizes = BATCH_SIZES.filter((b) => b <= n);
  const steps = WARMUP_CALLS + LATENCY_CALLS + sizes.length * 2;
  let step = 0;
  const tick = () => opts.onProgress?.(++step / steps);
  let backend = '';
  for (let i = 0; i < WARMUP_CALLS; i++) {
    await engine.predict(id, one(i), 1, { workload: 'interactive', signal: opts.signal });
    tick();
  }
  const times: number[] = [];
  for (let i = 0; i < LATENCY_CALLS; i++) {
    const r = await engine.predict(id, one(i * 7), 1, {
      workload: 'interactive',
      signal: opts.signal,
    });
    times.push(r.wallMs);
    backend = r.backend;
    tick();
  }
  const byBatch = new Map<number, number>();
  for (const b of sizes) {
    const batch = contexts.subarray(0, b * windowSize);
    let best = Infinity;
    for (let rep = 0; rep < 2; rep++) {
      const r = await engine.predict(id, batch, b, { workload: 'bulk', signal: opts.signal });
      best = Math.min(best, r.wallMs);
      tick();
    }
    byBatch.set(b, b / (Math.max(best, 1e-3) / 1000));
  }
  const top = bestThroughput(byBatch);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    throughput: top.perSecond,
    bestBatch: top.batch,
    backend,
  };
}
