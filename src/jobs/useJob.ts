import { useSyncExternalStore } from 'react';
import {
  cancelJob,
  getJob,
  jobsVersion,
  listJobs,
  startJob,
  subscribeJobs,
  type JobContext,
  type JobProgress,
  type JobSnapshot,
  type JobSpec,
} from './runner';

/** The job under `key` (re-renders when any job changes); undefined when there is none. */
export function useJob<R>(key: string | null): JobSnapshot<R> | undefined {
  useSyncExternalStore(subscribeJobs, jobsVersion);
  return key === null ? undefined : getJob<R>(key);
}

/** Every job, newest first. */
export function useJobs(): JobSnapshot[] {
  useSyncExternalStore(subscribeJobs, jobsVersion);
  return listJobs();
}

/** A panel's job: its state and the two things a panel does with it. */
export interface PanelJob<R> {
  /** the job's last complete result (kept when a re-run is cancelled or fails) */
  result: R | undefined;
  progress: JobProgress | null;
  error: string | null;
  /** runs `work` again under the panel's key (a re-run replaces the result when it completes) */
  start: (work: (ctx: JobContext<R>) => Promise<R>) => void;
  cancel: () => void;
}

/** The job a panel runs under `spec.key` (e.g. the data, K and options it analyses). */
export function usePanelJob<R>(spec: JobSpec): PanelJob<R> {
  const job = useJob<R>(spec.key);
  return {
    result: job?.partial ? undefined : job?.result,
    progress: job?.status === 'running' ? job.progress : null,
    error: job?.status === 'failed' ? job.error : null,
    // a newer run of the same panel supersedes an older one (e.g. started for other models)
    start: (work) => void startJob(spec, work, { force: true, supersede: true }),
    cancel: () => cancelJob(spec.key),
  };
}
