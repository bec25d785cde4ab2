import { useMemo } from 'react';
import { useAppStore } from '../store';
import { pendingModels, useCurrentDataset } from '../store/selectors';
import { useShallow } from 'zustand/react/shallow';
import { contextLength, unfitReason } from '../predictors/compatibility';
import type { ModelInfo } from '../engine/types';
import { DatasetSelect } from './DatasetSelect';
import { modelColor } from './colors';
import './workspaceBar.css';

function describe(m: ModelInfo): string {
  const { dim, k } = m.signature;
  return `${dim ?? 'any'}-D · K ${k ?? 'any'} · ${m.backend}`;
}

/**
 * The dataset and the models of every view: pick the data, tick the models (kept in the URL).
 * A model that cannot run on the current data stays visible, greyed, with the reason.
 */
export function WorkspaceBar() {
  const models = useAppStore((s) => s.models);
  const progress = useAppStore((s) => s.modelProgress);
  const selected = useAppStore((s) => s.selectedModels);
  const setSelected = useAppStore((s) => s.setSelectedModels);
  const dataset = useCurrentDataset();
  const k = useMemo(
    () =>
      contextLength(
        selected.flatMap((id) => models.filter((m) => m.id === id)),
        dataset,
      ),
    [models, selected, dataset],
  );
  const toggle = (id: string, on: boolean) =>
    setSelected(on ? [...selected.filter((s) => s !== id), id] : selected.filter((s) => s !== id));
  const loading = useAppStore((s) => s.loadingModels);
  const waiting = useAppStore(useShallow(pendingModels));
  // Models on their way: selected ones not loaded yet, and any other model loading now.
  const pending = [
    ...new Set([...waiting, ...loading.filter((id) => !models.some((m) => m.id === id))]),
  ];

  return (
    <section className="workspace-bar" aria-label="Workspace">
      <DatasetSelect />
      <ul className="model-chips" aria-label="Models">
        {models.map((m) => {
          const reason = dataset ? unfitReason(m, dataset.dim, k, dataset.name) : null;
          const on = selected.includes(m.id);
          return (
            <li
              key={m.id}
              className={`model-chip${reason ? ' unfit' : ''}`}
              data-model={m.id}
              title={reason ?? describe(m)}
            >
              <label>
                <input
                  type="checkbox"
                  checked={on}
                  onChange={(e) => toggle(m.id, e.target.checked)}
                />
                <span className="swatch" style={{ background: modelColor(m.id) }} />
                {m.name}
                <span className="muted"> {describe(m)}</span>
              </label>
              {reason && on && <span className="chip-reason">{reason}</span>}
            </li>
          );
        })}
        {pending.map((id) => (
          <li key={id} className="model-chip loading" data-model={id}>
            <span className="swatch" style={{ background: modelColor(id) }} />
            {id}{' '}
            <span className="muted">
              loading{progress[id] !== undefined ? ` ${Math.round(progress[id] * 100)}%` : '…'}
            </span>
          </li>
        ))}
        {!models.length && !pending.length && (
          <li className="muted">No models loaded: add an .onnx file in Models.</li>
        )}
      </ul>
    </section>
  );
}
