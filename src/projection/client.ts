import { LazyWorker } from '../lib/lazyWorker';
import { wrap, type Remote } from '../lib/worker-rpc';
import type { ProjectionApi } from './projection.worker';

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
