import { SVG_MAX_POINTS } from './mapSvg';
import type { DragMode } from './useMapGestures';

interface Props {
  /** what a plain drag does */
  mode: DragMode;
  onMode: (mode: DragMode) => void;
  /** fits the map in the frame */
  onFit: () => void;
  onPng: () => void;
  onSvg: () => void;
  /** nothing to export yet (no scene) */
  empty: boolean;
  /** the map is not drawn (no WebGL, a lost context): its PNG would be blank */
  failed: boolean;
}

const MODES = [
  ['pan', 'Pan', 'Drag to move the map'],
  ['box', 'Box select', 'Drag a box to select its windows (shift-drag in any mode)'],
  ['lasso', 'Lasso', 'Draw round the windows to select'],
] as const;

/** The Map's toolbar: what a drag does (pan, box, lasso), reset the view, PNG and SVG downloads. */
export function MapToolbar({ mode, onMode, onFit, onPng, onSvg, empty, failed }: Props) {
  return (
    <div className="map-toolbar">
      {MODES.map(([m, name, title]) => (
        <button key={m} aria-pressed={mode === m} title={title} onClick={() => onMode(m)}>
          {name}
        </button>
      ))}
      <button onClick={onFit} title="Fit the map in the frame (double-click or 0)">
        Reset view
      </button>
      <button onClick={onPng} disabled={empty || failed}>
        Download PNG
      </button>
      <button
        onClick={onSvg}
        disabled={empty}
        title={`Download as SVG (vector, up to ${SVG_MAX_POINTS.toLocaleString()} points; PNG beyond)`}
      >
        ⤓ SVG
      </button>
    </div>
  );
}
