import { useEffect, useMemo, useState } from 'react';
import { Plot, type PlotData } from '../../components/Plot';
import type { Dataset, WindowSet } from '../../data/types';
import { cosineRows } from '../../metrics/cosine';
import { gather, noiseSweep, sampleIndices, type Analysable } from './splitAnalyses';
import { applyEdits, type Edit } from './edits';
import { missingNotice } from './missingNotice';
import { JobButton } from '../../components/JobButton';
import { usePanelJob } from '../../jobs/useJob';
import { fmt, meanSeTraces } from './plots';
import { PredictorName } from '../../components/PredictorName';

/** Noise sizes of the sweep: the expected L2 norm of the noise added to each unit context vector. */
export const NOISE_SIZES = [0, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2];

interface Props {
  runKey: string;
  label: string;
  dataset: Dataset;
  windows: WindowSet;
  index: number;
  /** models and baselines */
  predictors: Analysable[];
  limit: number;
  contextText: (a: number) => string;
}

interface SweepResult {
  n: number;
  rows: { p: Analysable; cos: Float32Array[] }[];
}

/** Edit a window's context (swap a sentence, add noise) and rerun every model; a noise sweep over the split. */
export function RobustnessPanel(props: Props) {
  const { runKey, label, dataset, windows, index, predictors, limit, contextText } = props;
  const { k, dim: d } = windows;
  const bankCount = dataset.bank.count;
  const [edits, setEdits] = useState<{ key: string; list: Edit[] }>({ key: '', list: [] });
  const windowKey = `${runKey}|${index}`;
  const list = useMemo(() => (edits.key === windowKey ? edits.list : []), [edits, windowKey]);
  const [pos, setPos] = useState<number | 'all'>(k - 1);
  const [bankIndex, setBankIndex] = useState(0);
  const [size, setSize] = useState(0.5);
  const [live, setLive] = useState<{
    key: string;
    rows: { p: Analysable; before: number; after: number; error?: string }[];
  } | null>(null);
  const job = usePanelJob<SweepResult>({
    key: `attention-noise|${runKey}|${limit}`,
    slot: 'attention-noise',
    title: `Noise sweep · ${label}`,
    view: 'attention',
  });
  const sweep = job.result ?? null;

  const { contexts: original, targets: target } = useMemo(
    () => gather(windows, [index]),
    [windows, index],
  );
  const edited = useMemo(
    () => applyEdits(original, k, d, list, dataset.bank),
    [original, k, d, list, dataset.bank],
  );
  const liveKey = `${windowKey}|${JSON.stringify(list)}|${predictors.map((p) => p.id).join(',')}`;

  useEffect(() => {
    const ac = new AbortController();
    const both = new Float32Array(2 * k * d);
    both.set(original);
    both.set(edited, k * d);
    const twice = new Float32Array(2 * d);
    twice.set(target);
    twice.set(target, d);
    Promise.all(
      predictors.map((p) =>
        p.run(both, 2, { k, signal: ac.signal }).then(
          (r) => {
            const c = cosineRows(r.prediction, twice, 2, d);
            return { p, before: c[0], after: c[1] };
          },
          (e: Error) => ({ p, before: NaN, after: NaN, error: e.message }),
        ),
      ),
    ).then((rows) => !ac.signal.aborted && setLive({ key: liveKey, rows }));
    return () => ac.abort();
  }, [predictors, original, edited, target, k, d, liveKey]);

  const addEdit = (e: Edit) => setEdits({ key: windowKey, list: [...list, e] });
  const shownPos = (p: number | 'all') => (p === 'all' ? 'all positions' : `position ${p + 1}`);

  const runSweep = () =>
    job.start(async ({ signal, report }) => {
      const idx = sampleIndices(windows.n, limit);
      const { contexts, targets } = gather(windows, idx);
      const rows: { p: Analysable; cos: Float32Array[] }[] = [];
      for (const [j, p] of predictors.entries()) {
        const cos = await noiseSweep(p, contexts, targets, idx.length, k, d, NOISE_SIZES, {
          signal,
          onProgress: (f) => report((j + f) / predictors.length, p.name),
        });
        rows.push({ p, cos });
      }
      return { n: idx.length, rows };
    });

  const sweepTraces = useMemo<PlotData[]>(
    () => (sweep ? meanSeTraces(sweep.rows, sweep.n, NOISE_SIZES, 'noise') : []),
    [sweep],
  );

  return (
    <section className="panel" aria-label="Robustness">
      <h2>Robustness: edit the context</h2>
      <div className="att-controls">
        <label>
          Edit{' '}
          <select
            aria-label="Edit position"
            value={String(pos)}
            onChange={(e) => setPos(e.target.value === 'all' ? 'all' : Number(e.target.value))}
          >
            {Array.from({ length: k }, (_, a) => (
              <option key={a} value={a}>
                position {a + 1}
              </option>
            ))}
            <option value="all">all positions (noise only)</option>
          </select>
        </label>
        <span className="att-edit">
          swap with bank sentence #
          <input
            type="number"
            aria-label="Bank sentence"
            min={0}
            max={bankCount - 1}
            value={bankIndex}
            onChange={(e) =>
              setBankIndex(Math.max(0, Math.min(bankCount - 1, Number(e.target.value) || 0)))
            }
          />
          <button
            className="btn"
            onClick={() => setBankIndex(Math.floor(Math.random() * bankCount))}
          >
            Random
          </button>
          <button
            className="btn"
            disabled={pos === 'all'}
            onClick={() => pos !== 'all' && addEdit({ kind: 'swap', pos, bank: bankIndex })}
          >
            Swap
          </button>
        </span>
        <span className="att-edit">
          Gaussian noise of size
          <input
            type="number"
            aria-label="Noise size"
            min={0}
            max={4}
            step={0.05}
            value={size}
            onChange={(e) => setSize(Math.max(0, Number(e.target.value) || 0))}
          />
          <button className="btn" onClick={() => addEdit({ kind: 'noise', pos, size })}>
            Add noise
          </button>
        </span>
        <button
          className="btn"
          disabled={list.length === 0}
          onClick={() => setEdits({ key: windowKey, list: [] })}
        >
          Reset
        </button>
      </div>
      {list.length > 0 && (
        <ol className="att-edits" aria-label="Edits">
          {list.map((e, j) => (
            <li key={j}>
              {e.kind === 'swap'
                ? `${shownPos(e.pos)} ← “${dataset.bank.texts?.[e.bank] ?? `vector #${e.bank}`}” (was “${contextText(e.pos)}”)`
                : `noise of size ${e.size} on ${shownPos(e.pos)}, re-normalised`}
            </li>
          ))}
        </ol>
      )}
      {live && (
        <table className={live.key === liveKey ? '' : 'att-stale'} data-testid="edit-results">
          <thead>
            <tr>
              <th>Predictor</th>
              <th className="num">cosine, original</th>
              <th className="num">cosine, edited</th>
              <th className="num">change</th>
            </tr>
          </thead>
          <tbody>
            {live.rows.map(({ p, before, after, error }) => (
              <tr key={p.id} data-model={p.id}>
                <th scope="row">
                  <PredictorName id={p.id} name={p.name} kind={p.kind} />
                </th>
                {error ? (
                  <td colSpan={3} className="error">
                    {error}
                  </td>
                ) : (
                  <>
                    <td className="num">{fmt(before)}</td>
                    <td className="num" data-testid="edited-cosine">
                      {fmt(after)}
                    </td>
                    <td className="num">{fmt(after - before)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="att-controls">
        <h3>Noise sweep</h3>
        <JobButton job={job} onRun={runSweep}>
          {sweep ? 'Re-run sweep' : 'Run noise sweep'}
        </JobButton>
        <span className="muted">
          {Math.min(limit, windows.n)} windows × {NOISE_SIZES.length} sizes, noise on every context
          vector (per-component σ = size/√{d})
        </span>
      </div>
      {job.error && <p className="error">{job.error}</p>}
      {sweep &&
        !job.progress &&
        missingNotice(
          sweep.rows.map((r) => r.p),
          predictors,
        )}
      {sweep && (
        <Plot
          title={`Cosine to the target vs noise size (${label}, ${sweep.n} windows, mean ± s.e.)`}
          data={sweepTraces}
          filename={`lvm-lens-noise-sweep-${label}`}
          layout={{
            xaxis: { title: { text: 'noise size (L2)' } },
            yaxis: { title: { text: 'cosine to target' } },
          }}
        />
      )}
    </section>
  );
}
