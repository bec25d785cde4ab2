import { useMemo, useRef, useState } from 'react';
import { drawnLabels } from './labelPlacement';
import { useFrameSize } from './mapFrame';
import { MapLegend } from './MapLegend';
import { MapOverlay } from './MapOverlay';
import { useMapPicking } from './mapPicking';
import { MapToolbar } from './MapToolbar';
import { MapTooltip } from './MapTooltip';
import type { ClusterLabel, DensityGrid } from './mapOverlays';
import type { MapScene, SceneLines } from './mapScene';
import { useFittedView } from './useFittedView';
import { useMapCanvas } from './useMapCanvas';
import { useMapExport } from './useMapExport';
import { useMapGestures, type DragMode } from './useMapGestures';
import { toPx } from './viewport';
import type { MapHover } from './mapHover';

interface Props {
  scene: MapScene | null;
  /** prediction→target segments drawn under the points (sceneLines) */
  lines?: SceneLines[];
  /** the view and legend toggles persist while this stays the same */
  revision: string;
  /** cluster labels with words, at their centroids */
  labels?: ClusterLabel[];
  /** the targets' density, drawn under the points */
  density?: DensityGrid | null;
  /** one window's path through its contexts to its target, layout units */
  path?: [number, number][];
  hover?: MapHover;
  /** the PNG export's file name */
  filename?: string;
  onWindowClick: (window: number) => void;
  onSelectWindows: (windows: number[]) => void;
}

const NO_LINES: SceneLines[] = [];

/**
 * The map: every shown point in a WebGL layer and the targets' density under it (useMapCanvas), and
 * over them as DOM (MapOverlay) the cluster labels, a window's path, the hovered window's lines and
 * the selection being drawn, with the hovered point's label, a legend and a toolbar (MapToolbar;
 * downloads: useMapExport). Gestures: useMapGestures; hover and click: useMapPicking. Plotly's
 * scattergl stalled the page for seconds per pan step at a million points (bench/README).
 */
export function MapPlot({
  scene,
  lines = NO_LINES,
  revision,
  labels = [],
  density,
  path = [],
  hover,
  filename = 'map.png',
  onWindowClick,
  onSelectWindows,
}: Props) {
  const frame = useRef<HTMLDivElement>(null);
  // the room the frame and legend have (the frame's size comes from it: frameSize)
  const body = useRef<HTMLDivElement>(null);
  const size = useFrameSize(body);
  const { view, setView, hidden, setHidden } = useFittedView(scene, revision, size);
  const [hovered, setHovered] = useState<{ i: number; left: number; top: number } | null>(null);
  const [mode, setMode] = useState<DragMode>('pan');

  const { glCanvas, glCanvasRef, densityCanvas, paint, error, setError } = useMapCanvas({
    scene,
    lines,
    density,
    size,
    view,
    hidden,
  });
  const { pointAt, windowsIn } = useMapPicking(scene, hidden, view, size, hover);

  const gestures = useMapGestures({
    frame,
    view,
    setView,
    size,
    bounds: scene?.bounds ?? null,
    mode,
    onClick: (x, y) => {
      const i = pointAt(x, y);
      const w = i >= 0 && hover ? hover.windowOf(i) : -1;
      if (w >= 0) onWindowClick(w);
    },
    onSelect: (outline) => onSelectWindows(windowsIn(outline)),
    onMove: () => setHovered(null),
  });

  // the cluster labels for this view, placed so that none overlaps another
  const placedLabels = useMemo(
    () => (view ? drawnLabels(labels, (x, y) => toPx(view, size, x, y), size) : []),
    [labels, view, size],
  );

  const { exportPng, exportSvg, note } = useMapExport({
    scene,
    view,
    size,
    hidden,
    lines,
    path,
    labels: placedLabels,
    filename,
    densityCanvas,
    glCanvas,
    paint,
    onError: setError,
  });

  return (
    <div className="map-plot-wrap">
      {error && <p className="error">{error}</p>}
      <MapToolbar
        mode={mode}
        onMode={setMode}
        onFit={gestures.fit}
        onPng={exportPng}
        onSvg={exportSvg}
        empty={!scene}
        failed={!!error}
      />
      {note && (
        <p className="muted" data-testid="map-export-note">
          {note}
        </p>
      )}
      <div className="map-body" ref={body}>
        <div
          ref={frame}
          className={`map-frame${mode !== 'pan' ? ' selecting' : ''}`}
          data-testid="map-plot"
          tabIndex={0}
          role="application"
          aria-label="Map: drag to pan, wheel or +/- to zoom, arrow keys to move, 0 to fit, shift-drag to select"
          style={{ width: size.width, height: size.height }}
          onKeyDown={gestures.onKeyDown}
          onDoubleClick={gestures.fit}
          onMouseDown={gestures.onMouseDown}
          onMouseMove={(e) => {
            if (gestures.dragging() || e.buttons) return;
            const r = e.currentTarget.getBoundingClientRect();
            const [left, top] = [e.clientX - r.left, e.clientY - r.top];
            const i = pointAt(left, top);
            setHovered(i >= 0 ? { i, left, top } : null);
          }}
          onMouseLeave={() => setHovered(null)}
        >
          <canvas ref={densityCanvas} className="map-layer" data-testid="map-density" />
          <canvas ref={glCanvasRef} className="map-layer" data-testid="map-points" />
          {view && (
            <MapOverlay
              px={(x, y) => toPx(view, size, x, y)}
              labels={placedLabels}
              path={path}
              segments={hovered && hover ? hover.linesOf(hover.windowOf(hovered.i)) : []}
              outline={gestures.outline}
            />
          )}
          {hovered && hover && (
            <MapTooltip label={hover.label(hovered.i)} left={hovered.left} top={hovered.top} />
          )}
        </div>
        {scene && <MapLegend scene={scene} hidden={hidden} onChange={setHidden} />}
      </div>
    </div>
  );
}
