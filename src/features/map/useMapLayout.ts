/**
 * The Map's layout job: what is laid out (the dataset, the models that fit it, the point options)
 * and how (UMAP parameters, optimiser), started through the job runner and read back from it.
 */
import { useEffect } from 'react';
import type { Dataset } from '../../data/types';
import type { ModelInfo } from '../../engine/types';
import { compatible, contextLength } from '../../predictors/compatibility';
import { listJobs, startJob, type JobSnapshot } from '../../jobs/runner';
import { useJobs } from '../../jobs/useJob';
import type { LayoutEngine, LayoutParams } from '../../projection/types';
import { mapDataKey, mapKey, mapWork, type MapInput, type MapResult } from './mapJob';

/** What the user chooses about the layout, besides the dataset and the models. */
export interface LayoutChoice {
  params: LayoutParams;
  engine: LayoutEngine;
  /** the windows' contexts as points too */
  contexts: boolean;
  /** how many bank rows to add as points (0: none) */
  bankSample: number;
  /** the baselines asked for (they stand in anyway while no model fits) */
  baselines: boolean;
}

/** The map jobs for this data (whatever their layout parameters), newest first. */
function layoutJobs(dataKey: string | null): JobSnapshot<MapResult>[] {
  if (!dataKey) return [];
  return listJobs().filter(
    (j) => j.slot === 'map' && j.key.startsWith(`${dataKey}|`),
  ) as JobSnapshot<MapResult>[];
}

/**
 * The layout for `dataset` and the `selected` models: `shown` is the last complete one (a cancelled
 * or failed run leaves it in place), `layOut` starts one with the chosen parameters, `key` names
 * the one the choice asks for (shownKey === key: nothing to lay out).
 */
export function useMapLayout(
  dataset: Dataset | undefined,
  selected: ModelInfo[],
  choice: LayoutChoice,
) {
  const { params, engine, contexts, bankSample, baselines } = choice;
  const k = contextLength(selected, dataset);
  const fit = dataset ? compatible(selected, dataset.dim, k, dataset.id) : [];
  // Without a model the map still shows something: the baselines stand in.
  const useBaselines = baselines || fit.length === 0;
  const input: MapInput | null = dataset
    ? { dataset, k, fit, baselines: useBaselines, contexts, bankSample }
    : null;
  const dataKey = input ? mapDataKey(input) : null;
  const key = input ? mapKey(input, params, engine) : null;

  const layOut = () => {
    if (!input || !key) return;
    startJob(
      { key, slot: 'map', title: `Map · ${input.dataset.name}`, view: 'map' },
      mapWork(input, params, engine),
      { supersede: true },
    );
  };

  // Never an empty screen: lay out the default map as soon as the data is there, and again when the
  // data, the models (e.g. one finished loading) or the point options change. The job outlives the
  // view and is keyed by its inputs, so StrictMode's second effect joins the first run.
  useJobs(); // re-render on every job change
  const jobs = layoutJobs(dataKey);
  useEffect(() => {
    if (dataKey && !layoutJobs(dataKey).length) layOut();
    // `dataKey` names everything the automatic layout depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dataKey]);
  const running = jobs.find((j) => j.status === 'running');
  // A cancelled or failed run leaves the last map in place.
  const drawn = jobs.find((j) => j.result && !j.partial);
  return {
    /** the selected models that fit the dataset */
    fit,
    useBaselines,
    key,
    layOut,
    running,
    shown: drawn?.result,
    shownKey: drawn?.key,
    progress: running?.progress ?? null,
    error: jobs[0]?.status === 'failed' ? jobs[0].error : null,
    cancelled: jobs[0]?.status === 'cancelled',
  };
}
