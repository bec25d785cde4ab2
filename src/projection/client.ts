import { LazyWorker } from '../lib/lazyWorker';
import { callOptions, CancelledError, wrap, type Remote } from '../lib/worker-rpc';
import type { ProjectionApi } from './projection.worker';
import type { LayoutRequest, LayoutResult } from './types';

function startWorker(): Worker {
  return new Worker(new URL('./projection.worker.ts', import.meta.url), {
    type: 'module',
    name: 'projection',
  });
}

/** A fresh projection worker (the app shares one; benchmarks want a cold one per run). */
export function createProjectionWorker(): Remote<ProjectionApi> {
  return wrap<ProjectionApi>(startWorker());
}

const shared = new LazyWorker<ProjectionApi>({ create: startWorker, name: 'projection' });

/** The shared projection worker, started on first use. */
export function projectionWorker(): Remote<ProjectionApi> {
  return shared.remote;
}

export function isCancelled(e: unknown): boolean {
  return e instanceof CancelledError || (e instanceof Error && e.name === 'AbortError');
}

/**
 * Layouts keyed by the caller's description of their input (data, models, options, parameters):
 * a key seen before is answered from the cache, and a cancelled or failed run leaves the current
 * map in place.
 */
export class LayoutSession {
  current: { key: string; result: LayoutResult } | null = null;
  private readonly cache = new Map<string, LayoutResult>();

  constructor(
    private readonly api: () => Pick<Remote<ProjectionApi>, 'layout'> = projectionWorker,
    private readonly maxEntries = 8,
  ) {}

  cached(key: string): LayoutResult | undefined {
    return this.cache.get(key);
  }

  async run(
    key: string,
    request: () => LayoutRequest,
    options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
  ): Promise<LayoutResult> {
    const hit = this.cache.get(key);
    if (hit) {
      this.current = { key, result: hit };
      return hit;
    }
    const result = await this.api().layout(request(), callOptions(options));
    this.cache.set(key, result);
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.current = { key, result };
    return result;
  }
}

/** One session for the Map view, kept across remounts. */
export const mapLayouts = new LayoutSession();
