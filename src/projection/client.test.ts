import { describe, expect, it } from 'vitest';
import { CancelledError } from '../lib/worker-rpc';
import { LayoutSession, isCancelled } from './client';
import { DEFAULT_LAYOUT_PARAMS, type LayoutRequest, type LayoutResult } from './types';

const request = (): LayoutRequest => ({
  vectors: new Float32Array(4),
  n: 2,
  dim: 2,
  params: DEFAULT_LAYOUT_PARAMS,
});
const result = (v: number): LayoutResult => ({
  embedding: new Float32Array([v, v, v, v]),
  n: 2,
  engine: 'lens',
  knnBackend: 'js',
  knnMs: 0,
  layoutMs: 0,
  knnCached: false,
});

describe('LayoutSession', () => {
  it('keeps the previous map when a run is cancelled, and caches by key', async () => {
    let calls = 0;
    let fail = false;
    const session = new LayoutSession(() => ({
      layout: async () => {
        calls++;
        if (fail) throw new CancelledError();
        return result(calls);
      },
    }));
    const first = await session.run('a', request);
    expect(session.current?.result).toBe(first);
    fail = true;
    const err = await session.run('b', request).catch((e) => e);
    expect(isCancelled(err)).toBe(true);
    expect(session.current?.key).toBe('a');
    expect(session.current?.result.embedding[0]).toBe(1);
    fail = false;
    await session.run('a', request);
    expect(calls).toBe(2); // 'a' came from the cache
  });
});
