import { useEffect, useMemo } from 'react';
import { FileDrop } from '../../components/FileDrop';
import { ProgressBar } from '../../components/ProgressBar';
import { cancelJob, getJob, startJob } from '../../jobs/runner';
import { useJob, useJobs } from '../../jobs/useJob';
import type { Evaluation } from '../../predictors/evaluation';
import type { EpochSource } from '../../predictors/checkpoints';
import { useAppStore } from '../../store';
import { useCurrentDataset } from '../../store/selectors';
import { ChangedMindTable, type ScoredCheckpoint } from './ChangedMindTable';
import { CheckpointCurves } from './CheckpointCurves';
import { currentSet, evalKey, evalWork, loadWork, LOAD_SLOT, nextLoadKey } from './checkpointsJob';
import './checkpoints.css';

const SOURCE_NOTE: Record<EpochSource, string> = {
  metadata: 'epochs read from the ONNX metadata (lvm_lens.epoch)',
  'file name': 'epochs read from the file names (epoch<N>): the files carry no lvm_lens.epoch',
  'load order':
    'epochs are the order the files were given in: neither the metadata nor the file names name one epoch per file',
};

/** Several checkpoints of one model: metrics per epoch and the windows it changed its mind on. */
export function CheckpointsView() {
  const models = useAppStore((s) => s.models);
  const dataset = useCurrentDataset();
  const loadJob = currentSet(useJobs());
  const set = loadJob?.status === 'running' ? undefined : loadJob?.result;
  const infos = useMemo(
    () => (set?.checkpoints ?? []).flatMap((c) => models.filter((m) => m.id === c.id)),
    [set, models],
  );
  const key = dataset && infos.length ? evalKey(dataset, infos) : null;
  const evalJob = useJob<Evaluation>(key);
  const evaluation = evalJob?.result;

  const load = (files: File[]) =>
    startJob(
      {
        key: nextLoadKey(),
        slot: LOAD_SLOT,
        title: `Checkpoints · loading ${files.length} files`,
        view: 'checkpoints',
      },
      loadWork(files, loadJob?.result),
      { supersede: true },
    );

  // Evaluated as soon as a set is loaded; keyed by the dataset object and the loads, so StrictMode's
  // second effect, or coming back to the view, joins the same job.
  useEffect(() => {
    if (!dataset || !key || getJob(key)) return;
    startJob(
      { key, slot: 'checkpoints', title: `Checkpoints · ${dataset.name}`, view: 'checkpoints' },
      evalWork(dataset, infos),
      { supersede: true },
    );
    // `key` names everything the run depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const scored: ScoredCheckpoint[] = useMemo(
    () =>
      (set?.checkpoints ?? []).flatMap((c) => {
        const entry = evaluation?.entries.find((e) => e.id === c.id);
        return entry ? [{ ...c, entry }] : [];
      }),
    [set, evaluation],
  );
  const baseline = evaluation?.entries.find((e) => e.id === 'linear_average')?.summary;
  const running =
    loadJob?.status === 'running' ? loadJob : evalJob?.status === 'running' ? evalJob : undefined;
  const failed = [loadJob, evalJob].find((j) => j?.status === 'failed');

  const open = (w: number, a: string, b: string) =>
    useAppStore.setState({
      datasetId: evaluation!.datasetId,
      windowIndex: w,
      selectedModels: [a, b],
      view: 'predict',
    });

  return (
    <div className="checkpoints-view">
      <section className="panel checkpoints-load">
        <FileDrop accept=".onnx" label="Load checkpoints" multiple onFiles={load} />
        <span className="muted">
          several .onnx files of one model (e.g. from{' '}
          <code>python -m training train --export-every-epoch</code>); loading another set replaces
          this one
        </span>
        {running && (
          <ProgressBar
            value={running.progress?.fraction ?? 0}
            label={running.progress?.label}
            onCancel={() => cancelJob(running.key)}
          />
        )}
      </section>
      {failed && <p className="error">{failed.error}</p>}
      {set?.errors.map((e) => (
        <p key={e} className="error">
          {e}
        </p>
      ))}
      {set && (
        <p className="muted" data-testid="checkpoint-list">
          {set.checkpoints.length} checkpoints: {set.checkpoints.map((c) => c.id).join(', ')} ·{' '}
          <span data-testid="epoch-source">{SOURCE_NOTE[set.source]}</span>
        </p>
      )}
      {!set && !running && (
        <p className="notice">
          Load two or more checkpoints of one model to see how it changed from epoch to epoch.
        </p>
      )}
      {set && !dataset && (
        <p className="notice">The dataset is not loaded: pick one above or load it in Data.</p>
      )}
      {set && scored.length < set.checkpoints.length && evaluation && (
        <p className="notice">
          {set.checkpoints.length - scored.length} checkpoint(s) do not fit this dataset (dimension
          or K).
        </p>
      )}
      {dataset && evaluation && scored.length > 0 && (
        <>
          <section className="panel">
            <h2>
              {dataset.name} · {evaluation.n} windows · K = {evaluation.k}
            </h2>
            <CheckpointCurves
              epochs={scored.map((c) => c.epoch)}
              summaries={scored.map((c) => c.entry.summary)}
              baseline={baseline}
            />
          </section>
          {scored.length >= 2 && (
            <ChangedMindTable
              dataset={dataset}
              k={evaluation.k}
              checkpoints={scored}
              onOpen={open}
            />
          )}
        </>
      )}
    </div>
  );
}
