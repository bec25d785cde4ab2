import type { LayoutEngine, LayoutParams } from '../../projection/types';

interface Props {
  params: LayoutParams;
  onParams: (params: LayoutParams) => void;
  contexts: boolean;
  onContexts: (contexts: boolean) => void;
  bankSample: number;
  onBankSample: (bankSample: number) => void;
  /** whether the baselines are laid out */
  baselines: boolean;
  /** no selected model fits: the baselines stand in and cannot be turned off */
  baselinesOnly: boolean;
  onBaselines: (baselines: boolean) => void;
  engine: LayoutEngine;
  onEngine: (engine: LayoutEngine) => void;
  /** a layout is running: Cancel stands for Lay out */
  busy: boolean;
  onCancel: () => void;
  onLayOut: () => void;
  /** the shown map is the one these choices ask for */
  laidOut: boolean;
}

/** The UMAP parameters the controls offer, by the names umap-learn gives them. */
const PARAM_NAMES = {
  nNeighbors: 'n_neighbors',
  minDist: 'min_dist',
  nEpochs: 'epochs',
  seed: 'seed',
} as const;

/**
 * The Map's layout controls: UMAP's parameters (clamped to their range), which points are laid out
 * (contexts, a bank sample, baselines), the optimiser, and Lay out or Cancel.
 */
export function MapLayoutControls(p: Props) {
  const num = (field: keyof typeof PARAM_NAMES, min: number, max: number, step: number) => (
    <label>
      {PARAM_NAMES[field]}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={p.params[field]}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v))
            p.onParams({ ...p.params, [field]: Math.min(max, Math.max(min, v)) });
        }}
      />
    </label>
  );
  return (
    <>
      {num('nNeighbors', 2, 100, 1)}
      {num('minDist', 0, 1, 0.05)}
      {num('nEpochs', 10, 1000, 10)}
      {num('seed', 0, 2 ** 31 - 1, 1)}
      <label>
        <input
          type="checkbox"
          checked={p.contexts}
          onChange={(e) => p.onContexts(e.target.checked)}
        />
        contexts
      </label>
      <label>
        bank sample
        <input
          type="number"
          min={0}
          max={20000}
          step={500}
          value={p.bankSample}
          onChange={(e) => p.onBankSample(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={p.baselines}
          disabled={p.baselinesOnly}
          onChange={(e) => p.onBaselines(e.target.checked)}
        />
        baselines
      </label>
      <label>
        optimiser
        <select value={p.engine} onChange={(e) => p.onEngine(e.target.value as LayoutEngine)}>
          <option value="lens">lens (fast)</option>
          <option value="umap-js">umap-js</option>
        </select>
      </label>
      {p.busy ? (
        <button onClick={p.onCancel}>Cancel</button>
      ) : (
        <button onClick={p.onLayOut} disabled={p.laidOut}>
          Lay out
        </button>
      )}
    </>
  );
}
