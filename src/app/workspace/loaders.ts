/** Load files as a dataset, user models, the Checkpoints view's set or a results bundle: the same paths a drop takes. */
import { loadFiles } from '../../jobs/loadFiles';
import type { KeyMapping } from '../../data/dataset';
import type { LoadedKind } from '../../lib/loadEvents';
import { getJob, startJob, subscribeJobs, type JobSnapshot } from '../../jobs/runner';
import { openResultsFiles } from '../../predictors/resultsBundleOpen';
import { useAppStore } from '../../store';
import { loadUserModels } from '../../features/models/userModels';
import {
  currentSet,
  loadWork,
  LOAD_SLOT,
  nextLoadKey,
  type CheckpointSet,
} from '../../features/checkpoints/checkpointsJob';
import { listJobs } from '../../jobs/runner';

/** Resolves when the job under `key` is no longer running. */
export function finished<R>(key: string): Promise<JobSnapshot<R>> {
  return new Promise((resolve) => {
    const check = () => {
      const j = getJob<R>(key);
      if (j && j.status !== 'running') {
        stop();
        resolve(j);
        return true;
      }
      return false;
    };
    const stop = subscribeJobs(() => void check());
    check();
  });
}

/** Loads a checkpoint set as the Checkpoints view's drop does (replacing the set it shows). */
async function loadCheckpoints(files: File[]): Promise<string[]> {
  const previous = currentSet(listJobs())?.result;
  const key = nextLoadKey();
  startJob(
    {
      key,
      slot: LOAD_SLOT,
      title: `Checkpoints · loading ${files.length} files`,
      view: 'checkpoints',
    },
    loadWork(files, previous),
    { supersede: true },
  );
  const job = await finished<CheckpointSet>(key);
  if (job.status !== 'done') throw new Error(job.error ?? 'the checkpoint load was cancelled');
  if (job.result!.errors.length) throw new Error(job.result!.errors.join('; '));
  return job.result!.checkpoints.map((c) => c.id);
}

/** Loads `files` as `kind`; returns the ids they were loaded as, or throws what went wrong. */
export async function loadAs(
  kind: LoadedKind,
  files: File[],
  options: Record<string, unknown> = {},
): Promise<string[]> {
  switch (kind) {
    case 'data': {
      const ds = await loadFiles(files, {
        mapping: options.mapping as KeyMapping | undefined,
        dropBadRows: options.dropBadRows as boolean | undefined,
        name: options.name as string | undefined,
      });
      return [ds.id];
    }
    case 'model': {
      const ids = await loadUserModels(files);
      if (ids.length < files.length)
        throw new Error(useAppStore.getState().modelError ?? 'the model did not load');
      return ids;
    }
    case 'checkpoints':
      return loadCheckpoints(files);
    case 'bundle':
      return (await openResultsFiles(files)).models.map((m) => m.id);
  }
}
