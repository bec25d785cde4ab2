import { useEffect, useSyncExternalStore } from 'react';
import { adapterLabel } from '../../engine/backend';
import { engine } from '../../engine/client';
import type {
  Backend,
  BackendAvailability,
  BackendPreference,
  ModelInfo,
  TensorInfo,
} from '../../engine/types';
import { FileDrop } from '../../components/FileDrop';
import { StoredWorkspace } from '../../components/StoredWorkspace';
import { modelColor } from '../../components/colors';
import { useAppStore } from '../../store';
import { loadUserModels, removeModel } from './userModels';
import './models.css';

const BACKEND_LABEL: Record<Backend | 'bundle', string> = {
  wasm: 'WASM',
  webgpu: 'WebGPU',
  webnn: 'WebNN',
  bundle: 'none: results read from a bundle',
};
const SOURCE_LABEL: Record<ModelInfo['source'], string> = {
  shipped: 'shipped',
  user: 'your file',
  bundle: 'results bundle',
};

function shape(t: TensorInfo): string {
  return `[${t.shape.map((d, i) => d ?? (i === 0 ? 'batch' : '?')).join(', ')}]`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(2)} MB`;
}

function formatParams(p: number | null): string {
  if (p === null) return '—';
  return p >= 1e6 ? `${(p / 1e6).toFixed(2)} M` : p >= 1e3 ? `${(p / 1e3).toFixed(1)} k` : `${p}`;
}

function optionLabel(b: Backend, a: BackendAvailability | null): string {
  if (!a) return BACKEND_LABEL[b];
  if (b === 'wasm') {
    return `WASM (${a.wasm.threads} thread${a.wasm.threads === 1 ? '' : 's'})`;
  }
  if (b === 'webgpu') {
    return a.webgpu.available && a.webgpu.adapter
      ? `WebGPU — ${adapterLabel(a.webgpu.adapter)}`
      : `WebGPU (unavailable: ${a.webgpu.reason ?? 'unknown'})`;
  }
  return a.webnn.available ? 'WebNN' : `WebNN (unavailable: ${a.webnn.reason ?? 'unknown'})`;
}

function BackendPicker() {
  // the engine client owns the preference; the picker only shows and sets it
  const preference = useSyncExternalStore(engine.onPreferenceChange, engine.getBackendPreference);
  const availability = useAppStore((s) => s.backendAvailability);
  const setAvailability = useAppStore((s) => s.setBackendAvailability);

  useEffect(() => {
    let live = true;
    engine
      .availability()
      .then((a) => live && setAvailability(a))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [setAvailability]);

  const onChange = (pref: BackendPreference) => void engine.setBackendPreference(pref);
  const usable = (b: Backend) =>
    b === 'wasm' ||
    !availability ||
    (b === 'webgpu' ? availability.webgpu.available : availability.webnn.available);

  return (
    <section className="panel backend-picker" aria-label="Backend">
      <label>
        Backend{' '}
        <select
          value={preference}
          onChange={(e) => onChange(e.currentTarget.value as BackendPreference)}
        >
          <option value="auto">Auto (fastest warm-up per workload)</option>
          {(['wasm', 'webgpu', 'webnn'] as const).map((b) => (
            <option key={b} value={b} disabled={!usable(b)}>
              {optionLabel(b, availability)}
            </option>
          ))}
        </select>
      </label>
      {availability && (
        <span className="muted" data-testid="backend-summary">
          {availability.webgpu.adapter
            ? `GPU adapter: ${adapterLabel(availability.webgpu.adapter)}`
            : 'No WebGPU adapter'}
          {availability.webgpu.adapter?.software &&
            ' — checked at load but not timed; Auto keeps WASM, choose WebGPU to use it'}
          {' · '}
          {availability.wasm.crossOriginIsolated
            ? 'cross-origin isolated (multithreaded WASM)'
            : 'not cross-origin isolated (single-threaded WASM)'}
        </span>
      )}
    </section>
  );
}

function ModelPanel({ model }: { model: ModelInfo }) {
  const sig = model.signature;
  const warm = Object.entries(model.warmup ?? {}) as [
    Backend,
    NonNullable<ModelInfo['warmup']>[Backend],
  ][];
  return (
    <article
      className="panel model-panel"
      data-testid="model-panel"
      data-model-id={model.id}
      aria-label={model.name}
      style={{ borderLeftColor: modelColor(model.id) }}
    >
      <header className="model-head">
        <h3>
          <span className="swatch" style={{ background: modelColor(model.id) }} />
          {model.name}
        </h3>
        <span className="muted">{SOURCE_LABEL[model.source]}</span>
        <button type="button" className="btn" onClick={() => void removeModel(model.id)}>
          Remove
        </button>
      </header>
      <dl className="model-facts">
        <dt>Architecture</dt>
        <dd>{model.architecture}</dd>
        <dt>Parameters</dt>
        <dd>{formatParams(model.params)}</dd>
        <dt>File</dt>
        <dd>{formatBytes(model.bytes)}</dd>
        <dt>K × D</dt>
        <dd>
          {sig.k ?? 'dynamic'} × {sig.dim ?? 'dynamic'}
        </dd>
        <dt>Input</dt>
        <dd>
          <code>
            {sig.input.name} {shape(sig.input)}
          </code>
        </dd>
        <dt>Outputs</dt>
        <dd>
          {sig.outputs.map((o) => (
            <code key={o.name} className="output">
              {o.name} {shape(o)}
              {o.name === sig.prediction.name ? ' (prediction)' : ''}
              {o.name === sig.attention?.name ? ' (attention)' : ''}
            </code>
          ))}
        </dd>
        <dt>Backend</dt>
        <dd data-testid="model-backend">
          {BACKEND_LABEL[model.backend]}
          {model.backends && (
            <span className="muted">
              {' '}
              (interactive: {BACKEND_LABEL[model.backends.interactive]}, bulk:{' '}
              {BACKEND_LABEL[model.backends.bulk]})
            </span>
          )}
        </dd>
        <dt>Load (incl. warm-up)</dt>
        <dd>{model.loadMs.toFixed(0)} ms</dd>
        {warm.length > 0 && (
          <>
            <dt>Warm-up</dt>
            <dd>
              {warm.map(([b, t]) => (
                <span key={b} className="warm">
                  {BACKEND_LABEL[b]}: {t!.interactiveMs.toFixed(2)} ms batch-1,{' '}
                  {(t!.bulkMsPerItem * 1000).toFixed(1)} µs/item in batches of {t!.bulkBatch}
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
      {model.notice && (
        <p className="notice" role="status" data-testid="model-notice">
          {model.notice}
        </p>
      )}
    </article>
  );
}

/** Loaded models, the backend preference, and loading your own .onnx files. */
export function ModelsView() {
  const models = useAppStore((s) => s.models);
  const loading = useAppStore((s) => s.loadingModels);
  const progress = useAppStore((s) => s.modelProgress);
  const error = useAppStore((s) => s.modelError);
  const setError = useAppStore((s) => s.setModelError);

  return (
    <div className="models-view">
      <BackendPicker />
      <section className="panel" aria-label="Add a model">
        <FileDrop
          accept=".onnx"
          label="Load an ONNX model"
          onFiles={(f) => void loadUserModels(f)}
          multiple
        />
        <p className="muted small">
          Any ONNX file with one float input [batch, K, D] and an output [batch, D]; an output whose
          last dimension is K is shown as attention. Files stay in this browser.
        </p>
        {error && (
          <div className="error" role="alert">
            {error}{' '}
            <button type="button" className="btn" onClick={() => setError(null)}>
              Dismiss
            </button>
          </div>
        )}
      </section>
      {loading.length > 0 && (
        <p className="muted" role="status">
          Loading {loading.join(', ')}…{' '}
          {Object.entries(progress).map(([id, f]) => (
            <progress key={id} max={1} value={f} aria-label={`Downloading ${id}`} />
          ))}
        </p>
      )}
      {models.length === 0 && loading.length === 0 && <p className="muted">No models loaded.</p>}
      <div className="model-grid">
        {models.map((m) => (
          <ModelPanel key={m.id} model={m} />
        ))}
      </div>
      <StoredWorkspace kinds={['model', 'checkpoints']} />
    </div>
  );
}
