import { useState } from 'react';
import { FileDrop } from '../../components/FileDrop';
import { StoredWorkspace } from '../../components/StoredWorkspace';
import { ProgressBar } from '../../components/ProgressBar';
import type { KeyInfo, KeyMapping } from '../../data/dataset';
import { DataFileError } from '../../data/errors';
import { loadFiles, type LoadOptions } from '../../jobs/loadFiles';
import { ACCEPTED_EXTENSIONS } from '../../data/parseFiles';
import { isResultsBundle } from '../../data/resultsBundleParse';
import { openResultsFiles } from '../../predictors/resultsBundleOpen';
import { getDataset, removeDataset } from '../../store/datasets';
import { countWindows } from '../../data/windows';
import { useAppStore } from '../../store';
import type { DatasetSummary } from '../../store/slices/data';
import { DatasetWarnings } from './DatasetWarnings';
import type { Dataset } from '../../data/types';
import { objectKey } from '../../store/keys';
import { cancelJob, listJobs, startJob, type JobSnapshot } from '../../jobs/runner';
import { useJobs } from '../../jobs/useJob';
import './data.css';

const ACCEPT = ACCEPTED_EXTENSIONS.join(',');

/** Window counts for the dataset's own K and every loaded model's K. */
function windowsPerK(d: DatasetSummary, ks: number[]): string {
  const ds = getDataset(d.id);
  const all = [...new Set([...(d.k ? [d.k] : []), ...ks])].sort((a, b) => a - b);
  if (!ds || all.length === 0) return d.windows === null ? '—' : String(d.windows);
  return all.map((k) => `K=${k}: ${countWindows(ds, k).toLocaleString()}`).join(' · ');
}

function DatasetTable({ datasets, ks }: { datasets: DatasetSummary[]; ks: number[] }) {
  return (
    <table aria-label="Loaded datasets">
      <thead>
        <tr>
          <th>Name</th>
          <th>Origin</th>
          <th className="num">Vectors</th>
          <th className="num">D</th>
          <th>Windows</th>
          <th className="num">Articles</th>
          <th>Texts</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {datasets.map((d) => (
          <tr key={d.id} data-dataset={d.id}>
            <td>
              {d.name}
              <DatasetWarnings warnings={d.warnings} />
            </td>
            <td className="muted">{d.origin}</td>
            <td className="num">{d.vectors.toLocaleString()}</td>
            <td className="num">{d.dim}</td>
            <td>{windowsPerK(d, ks)}</td>
            <td className="num">{d.articles ?? '—'}</td>
            <td>{d.hasTexts ? 'yes' : 'no'}</td>
            <td>
              {d.origin !== 'shipped demo' && (
                <button type="button" className="btn" onClick={() => removeDataset(d.id)}>
                  Remove
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ROLES: Array<{ role: keyof KeyMapping; label: string; rank: number }> = [
  { role: 'vectors', label: 'Vectors [N, D]', rank: 2 },
  { role: 'articleIds', label: 'Article ids [N]', rank: 1 },
  { role: 'contexts', label: 'Contexts [N, K, D]', rank: 3 },
  { role: 'targets', label: 'Targets [N, D]', rank: 2 },
];

/** Let the user say which array is which when the names did not. */
function KeyMappingDialog(props: {
  keys: KeyInfo[];
  guess: KeyMapping;
  reason: string;
  onLoad: (m: KeyMapping) => void;
  onCancel: () => void;
}) {
  const [mode, setMode] = useState<'stream' | 'windows'>(
    props.guess.contexts ? 'windows' : 'stream',
  );
  const [mapping, setMapping] = useState<KeyMapping>(props.guess);
  const roles = ROLES.filter((r) =>
    mode === 'stream'
      ? r.role === 'vectors' || r.role === 'articleIds'
      : r.role === 'contexts' || r.role === 'targets',
  );
  const picked: KeyMapping = Object.fromEntries(
    roles.map((r) => [r.role, mapping[r.role]]).filter(([, v]) => v),
  );
  const ready = mode === 'stream' ? !!picked.vectors : !!(picked.contexts && picked.targets);
  return (
    <div className="key-mapping" role="dialog" aria-label="Map arrays">
      <strong>Which array is which?</strong>
      <p className="muted">{props.reason}</p>
      <label>
        <input type="radio" checked={mode === 'stream'} onChange={() => setMode('stream')} /> a
        stream of vectors
      </label>
      <label>
        <input type="radio" checked={mode === 'windows'} onChange={() => setMode('windows')} />{' '}
        windows (contexts + targets)
      </label>
      <div className="data-actions">
        {roles.map((r) => (
          <label key={r.role}>
            {r.label}
            <select
              aria-label={r.label}
              value={mapping[r.role] ?? ''}
              onChange={(e) => setMapping({ ...mapping, [r.role]: e.target.value || undefined })}
            >
              <option value="">{r.role === 'articleIds' ? '(none)' : '(choose)'}</option>
              {props.keys
                .filter((k) => k.shape.length === r.rank)
                .map((k) => (
                  <option key={k.key} value={k.key}>
                    {k.key} [{k.shape.join(', ')}] {k.dtype}
                  </option>
                ))}
            </select>
          </label>
        ))}
      </div>
      <div className="data-actions">
        <button
          type="button"
          className="btn"
          disabled={!ready}
          onClick={() => props.onLoad(picked)}
        >
          Load
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function ErrorPanel({ error, onDrop }: { error: DataFileError | Error; onDrop?: () => void }) {
  const d = error instanceof DataFileError ? error : null;
  return (
    <div className="error data-error" role="alert">
      <div>{error.message}</div>
      {d && (
        <dl>
          <dt>File</dt>
          <dd>{d.file}</dd>
          <dt>Expected</dt>
          <dd>{d.expected}</dd>
          <dt>Found</dt>
          <dd>{d.found}</dd>
        </dl>
      )}
      {onDrop && (
        <button type="button" className="btn" onClick={onDrop}>
          {d?.code === 'zero-vectors' ? 'Drop all-zero rows and load' : 'Drop NaN rows and load'}
        </button>
      )}
      <div className="muted">The data loaded before stays as it was.</div>
    </div>
  );
}

/** The newest file load (it outlives this view: leaving mid-load keeps it going, with its bar). */
function latestLoad(): JobSnapshot<Dataset> | undefined {
  return listJobs().find((j) => j.slot === 'data') as JobSnapshot<Dataset> | undefined;
}

export function DataView() {
  const datasets = useAppStore((s) => s.datasets);
  const storeError = useAppStore((s) => s.dataError);
  const demoProgress = useAppStore((s) => s.dataProgress);
  const models = useAppStore((s) => s.models);
  useJobs(); // re-render on every job change
  const job = latestLoad();
  // the mapping dialog's Cancel hides it for that load only
  const [dismissed, setDismissed] = useState<string | null>(null);
  const lastFiles = (job?.input as File[] | undefined) ?? [];
  const ks = [...new Set(models.map((m) => m.signature.k).filter((k): k is number => k !== null))];

  const load = (files: File[], extra: Pick<LoadOptions, 'mapping' | 'dropBadRows'> = {}) => {
    // Keyed by the File objects: the same file picked again is a new load, never a cached one.
    const key = [
      'data',
      ...files.map(objectKey),
      extra.mapping ? JSON.stringify(extra.mapping) : '',
      extra.dropBadRows ? 'drop' : '',
    ].join('|');
    startJob<Dataset>(
      {
        key,
        slot: 'data',
        title: `Loading ${files.map((f) => f.name).join(' + ')}`,
        view: 'data',
        input: files,
      },
      async (ctx) => {
        const onProgress = (f: number, label: string) => ctx.report(f, label);
        // a results bundle (python -m training evaluate) opens beside its dataset
        const dataset = isResultsBundle(files.map((f) => f.name))
          ? (await openResultsFiles(files, { signal: ctx.signal, onProgress })).dataset
          : await loadFiles(files, { ...extra, signal: ctx.signal, onProgress });
        useAppStore.getState().setDatasetId(dataset.id); // loading a file selects it
        return dataset;
      },
      { force: true, supersede: true },
    );
  };

  const failed = job?.status === 'failed' ? job.cause : null;
  const fileError = DataFileError.from(failed);
  const mappingRequest =
    fileError?.code === 'needs-mapping' && fileError.extra && dismissed !== job?.key
      ? (fileError.extra as { keys: KeyInfo[]; guess: KeyMapping; reason: string })
      : null;
  const error =
    fileError?.code === 'needs-mapping' ? null : (fileError ?? (failed as Error | null));
  const droppable = error instanceof DataFileError && error.extra?.droppable === true;
  const shownError = error ?? (storeError && !mappingRequest ? new Error(storeError) : null);
  const running = job?.status === 'running' ? job : undefined;

  return (
    <section aria-label="Data">
      <div className="panel">
        <FileDrop accept={ACCEPT} label="Load vector files" multiple onFiles={(f) => load(f)} />
        <p className="muted">
          Vectors as .npy, .npz, .safetensors, .json or .jsonl: either a stream [N, D] (optionally
          with article ids and a .txt / .json sentence sidecar, one sentence per vector) or windows
          (contexts [N, K, D] + targets [N, D]). Float16/32/64 are read; files stay on this machine.
          A results bundle from <code>python -m training evaluate</code> opens here too: pick every
          file of its folder (with its dataset&apos;s files, unless that dataset is loaded); its
          models join the workspace with the results it holds.
        </p>
        {running ? (
          <ProgressBar
            value={running.progress?.fraction ?? 0}
            label={running.progress?.label || 'loading'}
            onCancel={() => cancelJob(running.key)}
          />
        ) : (
          // the demo reports progress too, but only a load started here can be cancelled here
          demoProgress !== null && <ProgressBar value={demoProgress} label="loading the demo" />
        )}
      </div>
      {mappingRequest && (
        <KeyMappingDialog
          {...mappingRequest}
          onLoad={(mapping) => load(lastFiles, { mapping })}
          onCancel={() => setDismissed(job?.key ?? null)}
        />
      )}
      {shownError && (
        <ErrorPanel
          error={shownError}
          onDrop={droppable ? () => load(lastFiles, { dropBadRows: true }) : undefined}
        />
      )}
      <div className="panel">
        {datasets.length === 0 ? (
          <p className="muted">
            No data loaded yet. Load a stream of sentence vectors (.npy [N, D], .npz, .safetensors,
            .json) or windows (an .npz with contexts and targets); the shipped demo appears here
            once it has loaded.
          </p>
        ) : (
          <DatasetTable datasets={datasets} ks={ks} />
        )}
      </div>
      <StoredWorkspace kinds={['data', 'bundle']} />
    </section>
  );
}
