import { useMemo, useState } from 'react';
import type { Dataset, WindowSet } from '../data/types';
import './windowPicker.css';

interface Props {
  dataset: Dataset;
  windows: WindowSet;
  /** article id per window, or null */
  articleOf: Int32Array | null;
  index: number;
  onPick: (index: number) => void;
}

const MAX_MATCHES = 12;

/** First window of every article, in window order. */
function firstWindows(articleOf: Int32Array): Map<number, number> {
  const out = new Map<number, number>();
  articleOf.forEach((a, i) => {
    if (!out.has(a)) out.set(a, i);
  });
  return out;
}

/** Choose a window: by article (grouped by topic), by searching titles and sentences, or step through. */
export function WindowPicker({ dataset, windows, articleOf, index, onPick }: Props) {
  const [query, setQuery] = useState('');
  const first = useMemo(() => (articleOf ? firstWindows(articleOf) : null), [articleOf]);
  const byTopic = useMemo(() => {
    const groups = new Map<string, { id: number; title: string }[]>();
    for (const a of dataset.articles ?? []) {
      if (!first?.has(a.id)) continue;
      const list = groups.get(a.topic) ?? [];
      list.push({ id: a.id, title: a.title });
      groups.set(a.topic, list);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [dataset, first]);

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (q.length < 2) return [];
    const out: { label: string; kind: string; window: number }[] = [];
    for (const a of dataset.articles ?? []) {
      const w = first?.get(a.id);
      if (w !== undefined && a.title.toLowerCase().includes(q))
        out.push({ label: a.title, kind: a.topic, window: w });
      if (out.length >= MAX_MATCHES / 2) break;
    }
    // Sentences: the window that predicts the sentence, else the first whose context holds it.
    const texts = dataset.bank.texts;
    if (texts) {
      const byTarget = new Map<number, number>();
      windows.targetIndex.forEach((t, i) => byTarget.set(t, i));
      for (let j = 0; j < texts.length && out.length < MAX_MATCHES; j++) {
        if (!texts[j].toLowerCase().includes(q)) continue;
        const w = byTarget.get(j) ?? windows.contextIndex.indexOf(j);
        const win = w === undefined || w < 0 ? -1 : byTarget.has(j) ? w : Math.floor(w / windows.k);
        if (win >= 0) out.push({ label: texts[j], kind: `sentence #${j}`, window: win });
      }
    }
    return out;
  }, [query, dataset, windows, first]);

  const article = articleOf ? articleOf[index] : -1;
  const random = () => onPick(Math.floor(Math.random() * windows.n));
  return (
    <div className="window-picker">
      <div className="picker-row">
        <button onClick={() => onPick(index - 1)} disabled={index <= 0} title="Previous window (←)">
          ←
        </button>
        <label>
          Window{' '}
          <input
            type="number"
            aria-label="Window index"
            min={0}
            max={windows.n - 1}
            value={index}
            onChange={(e) => onPick(Math.min(windows.n - 1, Number(e.target.value) || 0))}
          />{' '}
          <span className="muted">of {windows.n}</span>
        </label>
        <button
          onClick={() => onPick(index + 1)}
          disabled={index >= windows.n - 1}
          title="Next window (→)"
        >
          →
        </button>
        <button onClick={random} title="Random window (r)">
          Random
        </button>
        {byTopic.length > 0 && (
          <select
            aria-label="Article"
            value={article}
            onChange={(e) => {
              const w = first?.get(Number(e.target.value));
              if (w !== undefined) onPick(w);
            }}
          >
            {byTopic.map(([topic, list]) => (
              <optgroup key={topic} label={topic}>
                {list.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.title}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
        <input
          type="search"
          className="picker-search"
          placeholder="Search titles and sentences…"
          aria-label="Search titles and sentences"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="muted keys">← → window · n next article · r random</span>
      </div>
      {matches.length > 0 && (
        <ul className="picker-matches" aria-label="Search results">
          {matches.map((m, j) => (
            <li key={j}>
              <button
                onClick={() => {
                  onPick(m.window);
                  setQuery('');
                }}
              >
                <span className="muted">{m.kind}</span> {m.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The window after the current article's last one (wraps to 0). */
export function nextArticleWindow(articleOf: Int32Array | null, index: number, n: number): number {
  if (!articleOf) return Math.min(n - 1, index + 1);
  for (let i = index + 1; i < n; i++) if (articleOf[i] !== articleOf[index]) return i;
  return 0;
}
