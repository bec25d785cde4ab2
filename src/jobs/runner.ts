/**
 * The one way to run a long task: progress, cancel, error and a result keyed by what it was
 * computed from. Jobs live in this module, not in a view, so they outlive the view that started
 * them; starting a key that is already running or done returns that job, which makes a view's
 * "start on mount" effect safe under React StrictMode's double effects.
 */
import type { View } from '../store/slices/ui';

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  fraction: number;
  label: string;
}

export interface JobSnapshot<R = unknown> {
  /** what the result was computed from (see store/keys.ts) */
  key: string;
  /** the kind of job ("compare", "map" …): at most a few finished jobs per slot are kept */
  slot: string;
  /** shown wherever the user is while it runs, e.g. "Compare · Demo OOD" */
  title: string;
  /** the view that shows its result */
  view?: View;
  /** what the job was started on, for a view that retries it (e.g. the files of a load) */
  input?: unknown;
  status: JobStatus;
  progress: JobProgress | null;
  error: string | null;
  /** what was thrown, for views that show structured errors (expected vs found) */
  cause?: unknown;
  /** the last complete (or partial, while running) result; a cancelled or failed re-run keeps the previous one */
  result: R | undefined;
  /** a result reported while running, before the job completes */
  partial: boolean;
  startedAt: number;
}

export interface JobSpec {
  key: string;
  slot: string;
  title: string;
  view?: View;
  input?: unknown;
}

export interface JobContext<R> {
  signal: AbortSignal;
  report: (fraction: number, label: string) => void;
  /** publish a result before the job completes (e.g. metrics before the speed measurement) */
  partial: (result: R) => void;
}

export interface StartOptions {
  /** run again even when a finished result exists for the key */
  force?: boolean;
  /** cancel other running jobs of the same slot (a newer request supersedes them) */
  supersede?: boolean;
}

/** Finished jobs kept per slot; older ones are forgotten (their results can be large). */
export const KEPT_PER_SLOT = 4;

const jobs = new Map<string, JobSnapshot>();
const controllers = new Map<string, AbortController>();
/** the complete result each running job started from: what a cancel goes back to, even after partials */
const previousResults = new Map<string, unknown>();
const listeners = new Set<() => void>();
let version = 0;

function publish(snapshot: JobSnapshot): void {
  jobs.set(snapshot.key, snapshot);
  version++;
  for (const l of listeners) l();
}

function isAbort(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'AbortError' || name === 'Cancelled';
}

/** Drops the oldest finished jobs of `slot` beyond KEPT_PER_SLOT. */
function trim(slot: string): void {
  const finished = [...jobs.values()]
    .filter((j) => j.slot === slot && j.status !== 'running')
    .sort((a, b) => b.startedAt - a.startedAt);
  for (const j of finished.slice(KEPT_PER_SLOT)) jobs.delete(j.key);
}

/**
 * Starts `work` under `spec.key`, or returns the job already running (or done, unless `force`)
 * under that key.
 */
export function startJob<R>(
  spec: JobSpec,
  work: (ctx: JobContext<R>) => Promise<R>,
  opts: StartOptions = {},
): JobSnapshot<R> {
  const existing = jobs.get(spec.key) as JobSnapshot<R> | undefined;
  if (existing?.status === 'running') return existing;
  if (existing?.status === 'done' && !opts.force) return existing;
  if (opts.supersede) {
    for (const j of jobs.values()) {
      if (j.slot === spec.slot && j.status === 'running') cancelJob(j.key);
    }
  }
  const previous = existing?.partial ? undefined : existing?.result;
  const ac = new AbortController();
  controllers.set(spec.key, ac);
  previousResults.set(spec.key, previous);
  const current = (): JobSnapshot<R> => jobs.get(spec.key) as JobSnapshot<R>;
  const mine = () => controllers.get(spec.key) === ac;
  publish({
    ...spec,
    status: 'running',
    progress: { fraction: 0, label: 'starting' },
    error: null,
    cause: undefined,
    result: previous,
    partial: false,
    startedAt: performance.now(),
  });
  const finish = (patch: Partial<JobSnapshot<R>>) => {
    if (!mine()) return;
    controllers.delete(spec.key);
    previousResults.delete(spec.key);
    publish({ ...current(), progress: null, ...patch });
    trim(spec.slot);
  };
  void (async () => {
    try {
      const result = await work({
        signal: ac.signal,
        report: (fraction, label) => {
          if (mine() && !ac.signal.aborted)
            publish({ ...current(), progress: { fraction, label } });
        },
        partial: (result) => {
          if (mine() && !ac.signal.aborted) publish({ ...current(), result, partial: true });
        },
      });
      if (ac.signal.aborted) finish({ status: 'cancelled', result: previous, partial: false });
      else finish({ status: 'done', result, partial: false });
    } catch (e) {
      if (ac.signal.aborted || isAbort(e)) {
        finish({ status: 'cancelled', result: previous, partial: false });
      } else {
        finish({
          status: 'failed',
          error: (e as Error)?.message ?? String(e),
          cause: e,
          result: previous,
          partial: false,
        });
      }
    }
  })();
  return current();
}

/** Cancels the job running under `key`; it keeps the result it had before this run. */
export function cancelJob(key: string): void {
  const ac = controllers.get(key);
  const job = jobs.get(key);
  if (!ac || !job) return;
  ac.abort();
  controllers.delete(key);
  const previous = previousResults.get(key);
  previousResults.delete(key);
  publish({
    ...job,
    status: 'cancelled',
    progress: null,
    result: job.partial ? previous : job.result,
    partial: false,
  });
  trim(job.slot);
}

/** The job under `key`, if any. */
export function getJob<R>(key: string): JobSnapshot<R> | undefined {
  return jobs.get(key) as JobSnapshot<R> | undefined;
}

/** Every job, newest first. */
export function listJobs(): JobSnapshot[] {
  return [...jobs.values()].sort((a, b) => b.startedAt - a.startedAt);
}

/** Subscribes to any change; returns the unsubscribe function. */
export function subscribeJobs(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Changes whenever any job changes (for useSyncExternalStore). */
export function jobsVersion(): number {
  return version;
}

/** Test hook: cancels everything and forgets every job. */
export function resetJobs(): void {
  for (const ac of controllers.values()) ac.abort();
  controllers.clear();
  previousResults.clear();
  jobs.clear();
  version++;
  for (const l of listeners) l();
}
