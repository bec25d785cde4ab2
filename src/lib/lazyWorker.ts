import { DetailedError, wrap, type Remote } from './worker-rpc';

export interface LazyWorkerOptions<Api, R, A extends unknown[]> {
  /** `() => new Worker(new URL('./x.worker.ts', import.meta.url), ...)`: the URL must stay at the
   * call site so Vite bundles the worker */
  create: () => Worker;
  /** run once per worker before it is used (loads a model, probes backends ...) */
  init?: (remote: Remote<Api>, ...args: A) => Promise<R>;
  /** for error messages: "the <name> worker failed to start" */
  name?: string;
}

interface Running<Api, R> {
  worker: Worker;
  remote: Remote<Api>;
  failed: Promise<never>;
  ready?: Promise<R>;
}

/**
 * A worker started on first use behind a worker-rpc proxy, with an init run once. A failed init
 * terminates the worker and forgets it, so the next call starts a fresh one and retries.
 */
export class LazyWorker<Api, R = void, A extends unknown[] = []> {
  private running: Running<Api, R> | null = null;

  constructor(private readonly options: LazyWorkerOptions<Api, R, A>) {}

  /** The worker's proxy, starting the worker if none runs (without waiting for its init). */
  get remote(): Remote<Api> {
    return this.start().remote;
  }

  /** Resolves once the worker's init has run; `args` reach the init of a fresh worker only. */
  ready(...args: A): Promise<R> {
    const w = this.start();
    if (!w.ready) {
      const init = this.options.init?.(w.remote, ...args) ?? Promise.resolve(undefined as R);
      w.ready = Promise.race([init, w.failed]);
      w.ready.catch(() => {
        if (this.running === w) this.terminate();
      });
    }
    return w.ready;
  }

  /** Stops the worker (a failed or stuck one); the next use starts a fresh one. */
  terminate(): void {
    this.running?.worker.terminate();
    this.running = null;
  }

  private start(): Running<Api, R> {
    if (!this.running) {
      const worker = this.options.create();
      const name = this.options.name ? `The ${this.options.name} worker` : 'A worker';
      // A worker whose script fails to load never answers; its error event becomes a rejection.
      const failed = new Promise<never>((_, reject) =>
        worker.addEventListener('error', (e) => {
          const why = e.message || 'its script did not load';
          reject(new DetailedError('WorkerError', `${name} failed to start: ${why}`));
        }),
      );
      failed.catch(() => undefined); // reported through ready(), if anyone waits on it
      this.running = { worker, remote: wrap<Api>(worker), failed };
    }
    return this.running;
  }
}
