import { useSyncExternalStore } from 'react';
import { getJob, jobsVersion, listJobs, subscribeJobs, type JobSnapshot } from './runner';

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
