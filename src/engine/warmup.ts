import { batchSizeFor } from './backend';
import type { ModelSession } from './session';
import type { Backend, WarmupTiming } from './types';

/** Rows of the timed bulk batch (capped by the backend's batch size). */
const WARMUP_BULK = 64;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Deterministic filler so warm-up runs see realistic (non-zero) values. */
function filler(length: number): Float32Array {
  const a = new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = Math.sin(i * 12.9898) * 0.1;
  return a;
}

/**
 * Times three batch-1 runs and one bulk batch on `backend`; the first run of each shape is untimed
 * (it compiles kernels). Null when K or D is dynamic: there is no honest input to time with.
 */
export async function warmUp(
  session: ModelSession,
  backend: Backend,
  now: () => number = () => performance.now(),
): Promise<WarmupTiming | null> {
  const { k, dim } = session.signature;
  if (k === null || dim === null) return null;
  const one = filler(k * dim);
  await session.runBatch(backend, one, 1, k, dim);
  const single: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = now();
    await session.runBatch(backend, one, 1, k, dim);
    single.push(now() - t);
  }
  const rows = Math.min(WARMUP_BULK, batchSizeFor(backend, session.fixedBatch));
  const many = filler(rows * k * dim);
  await session.runBatch(backend, many, rows, k, dim);
  const t = now();
  await session.runBatch(backend, many, rows, k, dim);
  return { interactiveMs: median(single), bulkMsPerItem: (now() - t) / rows, bulkBatch: rows };
}
