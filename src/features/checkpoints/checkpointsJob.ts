/** The Checkpoints view's two jobs: load a set of checkpoint files, then evaluate them on a split. */
import type { Dataset } from '../../data/types';
import { engine } from '../../engine/client';
import type { ModelInfo } from '../../engine/types';
import { modelsKey, objectKey } from '../../jobs/keys';
import type { JobContext, JobSnapshot } from '../../jobs/runner';
import {
  planCheckpoints,
  type EpochSource,
  type PlannedCheckpoint,
} from '../../predictors/checkpoints';
import { evaluate, type Evaluation } from '../../predictors/evaluation';
import { readOnnxMetadata } from '../../predictors/onnxMetadata';
import { useAppStore } from '../../store';
import { noteLoaded } from '../../lib/loadEvents';

/** Job slot of a load; the newest load job is the set the view shows. */
export const LOAD_SLOT = 'checkpoints-load';

export interface CheckpointSet {
  source: EpochSource;
  /** the checkpoints that loaded, in epoch order */
  checkpoints: PlannedCheckpoint[];
  /** one line per file that failed to load */
  errors: string[];
}

let loads = 0;
/** A fresh key per drop: the same files dropped again are a new load (new engine sessions). */
export function nextLoadKey(): string {
  return `${LOAD_SLOT}|${++loads}`;
}

/** The set shown: the newest load job's result (jobs are listed newest first). */
export function currentSet(jobs: readonly JobSnapshot[]): JobSnapshot<CheckpointSet> | undefined {
  return jobs.find((j) => j.slot === LOAD_SLOT) as JobSnapshot<CheckpointSet> | undefined;
}

async function forget(id: string): Promise<void> {
  if (!useAppStore.getState().models.some((m) => m.id === id)) return;
  await engine.removeModel(id);
  useAppStore.getState().removeModelInfo(id);
}

/**
 * Loads `files` as checkpoints `<name>@<epoch>` into the engine and the store. The previous set's
 * models are released first: a new drop replaces the set, and a re-dropped file gets a new load.
 */
export function loadWork(files: File[], previous: readonly string[]) {
  return async (ctx: JobContext<CheckpointSet>): Promise<CheckpointSet> => {
    ctx.report(0, 'reading files');
    const read = await Promise.all(files.map(async (f) => ({ f, bytes: await f.arrayBuffer() })));
    const plan = planCheckpoints(
      read.map(({ f, bytes }) => ({ fileName: f.name, metadata: readOnnxMetadata(bytes) })),
    );
    const bytesOf = new Map(read.map(({ f, bytes }) => [f.name, bytes]));
    for (const id of new Set([...previous, ...plan.checkpoints.map((c) => c.id)])) await forget(id);
    const loaded: PlannedCheckpoint[] = [];
    const errors: string[] = [];
    for (const [i, c] of plan.checkpoints.entries()) {
      ctx.signal.throwIfAborted();
      ctx.report(i / plan.checkpoints.length, `loading ${c.fileName}`);
      const store = useAppStore.getState();
      store.setModelLoading(c.id, true);
      try {
        const info = await engine.loadModel({
          id: c.id,
          name: `${c.name} · epoch ${c.epoch}`,
          architecture: 'checkpoint',
          params: null,
          source: 'user',
          bytes: bytesOf.get(c.fileName)!,
        });
        useAppStore.getState().addModel(info);
        loaded.push(c);
      } catch (e) {
        errors.push(`${c.fileName}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        useAppStore.getState().setModelLoading(c.id, false);
      }
    }
    if (loaded.length) noteLoaded({ kind: 'checkpoints', files, ids: loaded.map((c) => c.id) });
    return { source: plan.source, checkpoints: loaded, errors };
  };
}

/** What an evaluation of the set was computed from: this dataset object and these model loads. */
export function evalKey(dataset: Dataset, models: readonly ModelInfo[]): string {
  return `checkpoints|${objectKey(dataset)}|${modelsKey(models)}`;
}

/** Evaluates every checkpoint (and the baselines) on `dataset`; cached per model load. */
export function evalWork(dataset: Dataset, models: ModelInfo[]) {
  return (ctx: JobContext<Evaluation>): Promise<Evaluation> =>
    evaluate(dataset, models, {
      signal: ctx.signal,
      onProgress: (f, label) => ctx.report(f, `evaluating ${label}`),
    });
}
