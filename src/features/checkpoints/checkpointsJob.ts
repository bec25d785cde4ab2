/** The Checkpoints view's two jobs: load a set of checkpoint files, then evaluate them on a split. */
import type { Dataset } from '../../data/types';
import { engine } from '../../engine/client';
import type { ModelInfo } from '../../engine/types';
import { modelsKey, objectKey } from '../../store/keys';
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
 * Loads `files` as checkpoints `<name>@<epoch>` into the engine and the store. A new drop replaces
 * the previous set only once one of its files has loaded: the engine swaps a model of the same id
 * in on success, and the previous set's other models are released after the loop. A drop whose
 * files all fail keeps the previous set. Files are told apart by position, not name, so two
 * same-named files from different folders stay two.
 */
export function loadWork(files: File[], previous?: CheckpointSet) {
  return async (ctx: JobContext<CheckpointSet>): Promise<CheckpointSet> => {
    ctx.report(0, 'reading files');
    const read = await Promise.all(files.map(async (f) => ({ f, bytes: await f.arrayBuffer() })));
    const plan = planCheckpoints(
      read.map(({ f, bytes }) => ({ fileName: f.name, metadata: readOnnxMetadata(bytes) })),
    );
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
          bytes: read[c.index].bytes,
        });
        useAppStore.getState().addModel(info);
        loaded.push(c);
      } catch (e) {
        errors.push(`${c.fileName}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        useAppStore.getState().setModelLoading(c.id, false);
      }
    }
    if (!loaded.length && previous?.checkpoints.length) {
      const kept = `none of the ${files.length} files loaded; the previous set is kept`;
      return { ...previous, errors: [...errors, kept] };
    }
    const ids = new Set(loaded.map((c) => c.id));
    for (const c of previous?.checkpoints ?? []) if (!ids.has(c.id)) await forget(c.id);
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
