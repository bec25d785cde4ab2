import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MAP_COLOURS } from '../../components/colors';
import { downloadBlob } from '../../data/export';
import { drawDensity, densityImage } from './densityLayer';
import { pointScale } from './drawStyle';
import { drawnLabels } from './labelPlacement';
import { MapLegend } from './MapLegend';
import { useFrameSize } from './mapFrame';
import { MapOverlay } from './MapOverlay';
import { mapPng } from './mapPng';
import { useMapPicking } from './mapPicking';
import { mapSvg, SVG_MAX_POINTS, visibleCount } from './mapSvg';
import { MapTooltip } from './MapTooltip';
import type { ClusterLabel, DensityGrid } from './mapOverlays';
import type { MapScene, SceneLines } from './mapScene';
import { PointsGl } from './pointsGl';
import { useMapGestures, type DragMode } from './useMapGestures';
import { fitView, imageTransform, sameView, toPx, type Viewport } from './viewport';
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

/** A pan or zoom moves the drawn picture; the points are drawn again once it rests this long. */
const SETTLE_MS = 120;

/**
 * The map: every shown point in a WebGL layer (PointsGl), the targets' density under it, and over
 * them as DOM (MapOverlay) the cluster labels, a window's path, the hovered window's lines and the
 * selection being drawn, with the hovered point's label, a legend and a toolbar (pan / box /
 * lasso, reset, PNG). Gestures: useMapGestures. Hover and click: useMapPicking.
 * Plotly's scattergl stalled the page for seconds per pan step at a million points (bench/README).
 */
const NO_LINES: SceneLines[] = [];

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
  const glCanvas = useRef<HTMLCanvasElement>(null);
  const densityCanvas = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<PointsGl | null>(null);
  // stops the progressive draw under way
  const stopDrawing = useRef<() => void>(() => undefined);
  const [glEpoch, setGlEpoch] = useState(0);
  // A drawing that fails (no WebGL, a lost context) is said, not left as an empty frame.
  const [error, setError] = useState<string | null>(null);
  // the room the frame and legend have (the frame's size comes from it: frameSize)
  const body = useRef<HTMLDivElement>(null);
  const size = useFrameSize(body);
  const [view, setView] = useState<Viewport | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [hovered, setHovered] = useState<{ i: number; left: number; top: number } | null>(null);
  const [mode, setMode] = useState<DragMode>('pan');

  // The renderer, made when the canvas mounts (again after a lost context is restored).
  const glCanvasRef = useCallback(
    (canvas: HTMLCanvasElement | null) => {
      glCanvas.current = canvas;
      if (!canvas) return;
      try {
        renderer.current = new PointsGl(canvas);
        setError(null);
      } catch (e) {
        setError(`The map could not be drawn: ${(e as Error).message}`);
      }
      const lost = (e: Event) => {
        e.preventDefault(); // lets the browser restore it
        stopDrawing.current();
        renderer.current = null;
        setError(
          'The map could not be drawn: the WebGL context was lost; it is drawn again when the browser restores it',
        );
      };
      const restored = () => setGlEpoch((n) => n + 1);
      canvas.addEventListener('webglcontextlost', lost);
      canvas.addEventListener('webglcontextrestored', restored);
      return () => {
        canvas.removeEventListener('webglcontextlost', lost);
        canvas.removeEventListener('webglcontextrestored', restored);
        stopDrawing.current();
        renderer.current?.dispose();
        renderer.current = null;
      };
    },
    // a new epoch makes a new renderer on the restored context
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [glEpoch],
  );

  useEffect(() => {
    if (scene) renderer.current?.setScene(scene);
  }, [scene, glEpoch]);
  useEffect(() => {
    renderer.current?.setLines(lines);
  }, [lines, glEpoch]);

  // A new revision (other data or layout) fits the view and shows every group again; so does a new
  // frame size (the first measure of the frame, a resize) while the view is still the fitted one.
  const [fitted, setFitted] = useState<{ revision: string; view: Viewport } | null>(null);
  if (scene) {
    const fit = fitView(scene.bounds, size);
    if (fitted?.revision !== revision) {
      setFitted({ revision, view: fit });
      setView(fit);
      setHidden(new Set());
    } else if (view === fitted.view && !sameView(view, fit)) {
      setFitted({ revision, view: fit });
      setView(fit);
    }
  }

  const densityPicture = useMemo(() => (density ? densityImage(density) : null), [density]);

  // What a draw depends on besides the view: while these stay, a view change is a gesture.
  const layers = useMemo(
    () => ({ size, hidden, density, densityPicture, scene, lines, glEpoch }),
    [size, hidden, density, densityPicture, scene, lines, glEpoch],
  );
  const drawn = useRef<{ view: Viewport; layers: typeof layers } | null>(null);
  /**
   * Draws the points (a chunk per frame, or all now when `whole`) and the density with view v, and
   * drops any gesture transform.
   */
  const paint = useCallback(
    (v: Viewport, whole = false) => {
      stopDrawing.current();
      const r = renderer.current;
      if (r && scene) r.pointScale = pointScale(scene.count, size.width * size.height);
      if (whole) r?.draw(v, size, hidden);
      else stopDrawing.current = r?.drawInFrames(v, size, hidden) ?? (() => undefined);
      drawDensity(densityCanvas.current, density, densityPicture, v, size);
      for (const c of [glCanvas.current, densityCanvas.current]) if (c) c.style.transform = '';
      drawn.current = { view: v, layers };
    },
    [size, hidden, density, densityPicture, layers, scene],
  );
  useEffect(() => {
    if (!view) return;
    const last = drawn.current;
    if (last && last.layers === layers) {
      // Only the view moved: move the drawn picture now, draw the points again once it rests.
      const t = imageTransform(last.view, view, size);
      for (const c of [glCanvas.current, densityCanvas.current])
        if (c) c.style.transform = `translate(${t.tx}px, ${t.ty}px) scale(${t.k})`;
      const timer = setTimeout(() => paint(view), SETTLE_MS);
      return () => clearTimeout(timer);
    }
    paint(view);
  }, [view, paint, size, layers]);

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

  const exportPng = () => {
    if (!view || !scene) return;
    paint(view, true);
    const px = (x: number, y: number) => toPx(view, size, x, y);
    mapPng({
      ...size,
      layers: [densityCanvas.current!, glCanvas.current!],
      path: path.map(([x, y]) => px(x, y)),
      pathColour: MAP_COLOURS.trajectory,
      labels: placedLabels,
      legend: scene.groups.filter((g) => !hidden.has(g.key)),
    })
      .then((blob) => downloadBlob(filename, blob))
      .catch((e: Error) => setError(`The PNG could not be made: ${e.message}`));
  };

  // Vector up to SVG_MAX_POINTS visible points; past that a PNG, and a note saying why.
  const [note, setNote] = useState<string | null>(null);
  const exportSvg = () => {
    if (!view || !scene) return;
    const count = visibleCount(scene, hidden);
    if (count > SVG_MAX_POINTS) {
      setNote(
        `${count.toLocaleString()} points are too many for an SVG (at most ${SVG_MAX_POINTS.toLocaleString()}): downloaded as PNG instead. Hide groups or filter to export vectors.`,
      );
      exportPng();
      return;
    }
    setNote(null);
    const svg = mapSvg({
      scene,
      view,
      size,
      hidden,
      pointScale: pointScale(scene.count, size.width * size.height),
      lines: lines.filter((l) => !hidden.has(l.key)),
      path,
      pathColour: MAP_COLOURS.trajectory,
      labels: placedLabels,
    });
    downloadBlob(
      filename.replace(/\.png$/, '') + '.svg',
      new Blob([svg], { type: 'image/svg+xml' }),
    );
  };

  return (
    <div className="map-plot-wrap">
      {error && <p className="error">{error}</p>}
      <div className="map-toolbar">
        {(
          [
            ['pan', 'Pan', 'Drag to move the map'],
            ['box', 'Box select', 'Drag a box to select its windows (shift-drag in any mode)'],
            ['lasso', 'Lasso', 'Draw round the windows to select'],
          ] as const
        ).map(([m, name, title]) => (
          <button key={m} aria-pressed={mode === m} title={title} onClick={() => setMode(m)}>
            {name}
          </button>
        ))}
        <button onClick={gestures.fit} title="Fit the map in the frame (double-click or 0)">
          Reset view
        </button>
        <button onClick={exportPng} disabled={!scene || !!error}>
          Download PNG
        </button>
        <button
          onClick={exportSvg}
          disabled={!scene}
          title={`Download as SVG (vector, up to ${SVG_MAX_POINTS.toLocaleString()} points; PNG beyond)`}
        >
          ⤓ SVG
        </button>
      </div>
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
