import { useEffect, useMemo, useState } from 'react';
import { objectKey } from '../../store/keys';
import { cancelJob, listJobs, startJob, type JobSnapshot } from '../../jobs/runner';
import { useJobs } from '../../jobs/useJob';
import { ProgressBar } from '../../components/ProgressBar';
import { modelColor } from '../../components/colors';
import { embedSentences } from '../../engine/encoder';
import type { ModelInfo } from '../../engine/types';
import { useAppStore } from '../../store';
import { selectedModelInfos, selectedModelsKey } from '../../store/selectors';
import { extendChains, splitSentences, startChains, type Chain, type Column } from './chains';
import { DIM, writeBank, writeColumns, writeDeps } from './writeRun';
import { addRoundTrips, type Embed } from './stepRoundTrip';
import './write.css';

/** Vectors of every sentence embedded on this page (until reload), by text. */
const embedded = new Map<string, Float32Array>();
const reembed: Embed = (texts, signal) => embedSentences(texts, { signal });
/** Chains with each step's round trip (its top sentence re-embedded; the page's cache reused). */
const withRoundTrips = (chains: Chain[], signal: AbortSignal) =>
  addRoundTrips(chains, (i) => writeBank().text(i), embedded, reembed, DIM, signal);

/** What the columns show: the sentences read, each model's column and its chain of predictions. */
interface WriteResult {
  ready: string[];
  columns: Column[];
  chains: Chain[];
}

/** The newest Write job for this text and these models that has something to show, and the running one. */
function writeJobs(prefix: string) {
  const jobs = listJobs().filter(
    (j) => j.slot === 'write' && j.key.startsWith(prefix),
  ) as JobSnapshot<WriteResult>[];
  return { shown: jobs.find((j) => j.result), running: jobs.find((j) => j.status === 'running') };
}

let continueRuns = 0;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Type or paste text; every model continues it, sentence by sentence, from the demo bank. */
export function WriteView() {
  const text = useAppStore((s) => s.writeText);
  const setText = useAppStore((s) => s.setWriteText);
  const [joinBank, setJoinBank] = useState(true);
  const [steps, setSteps] = useState(3);
  const datasets = useAppStore((s) => s.datasets);
  const selectedKey = useAppStore(selectedModelsKey);
  const sentences = useDebounced(
    useMemo(() => splitSentences(text), [text]),
    500,
  );
  const key = sentences.join('\u0000');
  // Jobs outlive the view: leave mid-embedding and come back to its bar, or to its columns.
  const prefix = `write|${selectedKey}|${objectKey(datasets)}|${key}|`;
  useJobs();
  const { shown, running } = writeJobs(prefix);
  const ready = shown?.result?.ready ?? [];
  const columns = shown?.result?.columns ?? [];
  const chains = shown?.result?.chains ?? [];
  const failed = listJobs().find((j) => j.slot === 'write' && j.key.startsWith(prefix));
  const error = failed?.status === 'failed' ? failed.error : null;

  const startRun = (selected: ModelInfo[]) =>
    startJob<WriteResult>(
      { key: `${prefix}first`, slot: 'write', title: 'Write · embedding', view: 'write' },
      async ({ signal, report }) => {
        const todo = [...new Set(sentences.filter((s) => !embedded.has(s)))];
        if (todo.length) {
          const vecs = await embedSentences(todo, {
            signal,
            onProgress: (done, total) => report(total ? done / total : 0, 'Embedding sentences'),
          });
          todo.forEach((s, i) => embedded.set(s, vecs.slice(i * DIM, (i + 1) * DIM)));
        }
        const bank = writeBank();
        const vectors = new Float32Array(sentences.length * DIM);
        sentences.forEach((s, i) => vectors.set(embedded.get(s)!, i * DIM));
        if (joinBank) bank.addUser(sentences, vectors);
        const cols = await writeColumns(selected);
        report(0, 'Predicting');
        const user = {
          vectors,
          n: sentences.length,
          exclude: sentences.map((s) => bank.userRow(s)),
        };
        const next = await extendChains(startChains(cols), cols, user, writeDeps(bank), 1, {
          signal,
        });
        return { ready: sentences, columns: cols, chains: await withRoundTrips(next, signal) };
      },
      { supersede: true },
    );

  // New text: embed the sentences not seen yet, then predict one step for every column. Keyed by
  // the text and the models, so StrictMode's second effect (or coming back) joins the same job.
  useEffect(() => {
    if (sentences.length === 0) return;
    startRun(selectedModelInfos(useAppStore.getState()));
    // joinBank is read at embedding time on purpose: toggling it does not re-run the models.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prefix]);

  const continueChains = () => {
    const bank = writeBank();
    const vectors = new Float32Array(ready.length * DIM);
    ready.forEach((s, i) => vectors.set(embedded.get(s)!, i * DIM));
    const user = { vectors, n: ready.length, exclude: ready.map((s) => bank.userRow(s)) };
    const from = { ready, columns, chains };
    startJob<WriteResult>(
      {
        key: `${prefix}continue-${++continueRuns}`,
        slot: 'write',
        title: `Write · continuing ${steps} step${steps === 1 ? '' : 's'}`,
        view: 'write',
      },
      async ({ signal, report, partial }) => {
        const next = await extendChains(from.chains, from.columns, user, writeDeps(bank), steps, {
          signal,
          onStep: (done, chainsSoFar) => {
            partial({ ...from, chains: chainsSoFar });
            report(done / steps, `Continuing ${steps} step${steps === 1 ? '' : 's'}`);
          },
        });
        return { ...from, chains: await withRoundTrips(next, signal) };
      },
      { supersede: true },
    );
  };

  const bank = writeBank();
  const maxK = Math.max(0, ...chains.map((c) => c.k));
  const waiting = chains.filter((c) => c.steps.length === 0 && !c.error);
  return (
    <div className="write-view">
      <section className="panel">
        <label className="write-label" htmlFor="write-text">
          Your text
        </label>
        <textarea
          id="write-text"
          className="write-text"
          rows={7}
          value={text}
          placeholder="Write or paste a few sentences in the style of a Wikipedia article, e.g. “The Danube is a river in Europe. It rises in the Black Forest. …”"
          onChange={(e) => setText(e.target.value)}
        />
        <div className="write-controls">
          <label>
            <input
              type="checkbox"
              checked={joinBank}
              onChange={(e) => setJoinBank(e.target.checked)}
            />{' '}
            Add my sentences to the bank (until reload)
          </label>
          <span className="muted">
            Bank: {bank.count.toLocaleString()} sentences ({bank.baseCount.toLocaleString()} demo
            val + OOD, {(bank.count - bank.baseCount).toLocaleString()} yours)
          </span>
        </div>
        {running && (
          <ProgressBar
            value={running.progress?.fraction ?? 0}
            label={running.progress?.label}
            onCancel={() => cancelJob(running.key)}
          />
        )}
        {error && <p className="error">{error}</p>}
      </section>

      {sentences.length === 0 ? (
        <section className="panel empty-state">
          <h2>Text in, text out</h2>
          <p>
            Type or paste at least five sentences above, one topic, the way a Wikipedia article
            opens. Each sentence is embedded here in your browser (all-MiniLM-L6-v2, the encoder of
            the demo data); every selected model reads the last five sentence vectors and predicts
            the next one, which is turned back into text as the nearest sentences of the demo bank.
            Nothing leaves this page.
          </p>
        </section>
      ) : (
        <>
          <section className="panel" aria-label="Sentences">
            <ol className="write-sentences">
              {sentences.map((s, i) => (
                <li key={i} className={ready.includes(s) ? '' : 'muted'}>
                  {s}
                </li>
              ))}
            </ol>
            {waiting.length > 0 && ready.length > 0 && (
              <p className="notice" data-testid="too-few">
                {waiting.map((c) => c.name).join(', ')} {waiting.length === 1 ? 'reads' : 'read'}{' '}
                the last {maxK} sentences: type {maxK - ready.length} more (you have {ready.length}
                ).
              </p>
            )}
            {chains.some((c) => c.steps.length > 0) && (
              <div className="write-controls">
                <button type="button" className="btn" onClick={continueChains} disabled={!!running}>
                  Continue
                </button>
                <label>
                  by{' '}
                  <input
                    type="number"
                    min={1}
                    max={20}
                    value={steps}
                    aria-label="Steps"
                    onChange={(e) =>
                      setSteps(Math.max(1, Math.min(20, Number(e.target.value) || 1)))
                    }
                  />{' '}
                  step{steps === 1 ? '' : 's'}: each model appends its top sentence and predicts
                  again
                </label>
              </div>
            )}
          </section>
          <div className="write-columns">
            {chains.map((c) => (
              <ChainColumn key={c.id} chain={c} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}

function ChainColumn({ chain }: { chain: Chain }) {
  const bank = writeBank();
  return (
    <section
      className="panel write-column"
      data-testid="write-column"
      data-model={chain.id}
      style={{ borderTopColor: modelColor(chain.id) }}
    >
      <h3 style={{ color: modelColor(chain.id) }}>
        {chain.name} <span className="muted">· K={chain.k}</span>
      </h3>
      {chain.error && <p className="error">{chain.error}</p>}
      <ol className="write-steps">
        {chain.steps.map((step, i) => (
          <li key={i} className="write-step">
            <ol className="hits">
              {step.hits.map((h, r) => (
                <li key={h.index} className={r === 0 ? 'hit top' : 'hit'}>
                  <span className="score">{h.score.toFixed(3)}</span>{' '}
                  <span className={`source source-${bank.source(h.index)}`}>
                    {bank.source(h.index)}
                  </span>{' '}
                  {bank.text(h.index)}
                </li>
              ))}
            </ol>
            {step.roundTrip && (
              <p className="muted" data-testid="step-round-trip">
                round trip: cos(prediction, re-embedded top){' '}
                <span data-metric="predVsReembedded">
                  {step.roundTrip.predVsReembedded.toFixed(3)}
                </span>{' '}
                · distance to nearest sentence{' '}
                <span data-metric="manifoldDistance">
                  {step.roundTrip.manifoldDistance.toFixed(3)}
                </span>{' '}
                · no target yet
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
