import { modelColor } from './colors';

/** A model or baseline as a table row names it: its colour, its name, "(baseline)" for a baseline. */
export function PredictorName({ id, name, kind }: { id: string; name: string; kind: string }) {
  return (
    <>
      <span className="swatch" style={{ background: modelColor(id) }} />
      {name}
      {kind === 'baseline' && <span className="muted"> (baseline)</span>}
    </>
  );
}
