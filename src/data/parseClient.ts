/** The page's side of the parse worker: one worker for every load, started on first use. */
import { LazyWorker } from '../lib/lazyWorker';
import type { Remote } from '../lib/worker-rpc';
import type { ParseApi } from './parse.worker';

const parseWorker = new LazyWorker<ParseApi>({
  create: () => new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' }),
  name: 'parse',
});

/** The parse worker's proxy (started if none runs). */
export function parseRemote(): Remote<ParseApi> {
  return parseWorker.remote;
}

/** A cancelled parse may be stuck in a long synchronous step; a fresh worker is cheaper than waiting. */
export function dropParseWorker(): void {
  parseWorker.terminate();
}
