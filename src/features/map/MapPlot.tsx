import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MAP_COLOURS } from '../../components/colors';
import { downloadBlob } from '../../data/export';
import { pointScale } from './drawStyle';
import { drawnLabels } from './labelPlacement';
import { MapLegend } from './MapLegend';
import { MapOverlay } from './MapOverlay';
import { mapPng } from './mapPng';
import { mapSvg, SVG_MAX_POINTS, visibleCount } from './mapSvg';
import { MapTooltip } from './MapTooltip';
import { DENSITY_LEVELS, type ClusterLabel, type DensityGrid } from './mapOverlays';
import { visibleVertices, type MapScene, type SceneLines } from './mapScene';
import { PointsGl } from './pointsGl';
import { GridIndex } from './spatialIndex';
import { verticesInside, type Polygon } from './selection';
import { useMapGestures, type DragMode } from './useMapGestures';
import {
  fitView,
  fromPx,
  imageTransform,
  sameView,
  toPx,
  type FrameSize,
  type Viewport,
} from './viewport';
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

/**
 * The frame's size from the room it has: a layout is about as tall as it is wide, so the frame's
 * height grows with the room (up to what leaves the toolbar in view on a 1000 px high screen) and
 * its width stops at 1.3 × its height, the legend beside it. A frame as wide as the room
 * (1372 × 620 at 1440 px) left 60% of itself empty on either side of the layout.
 */
export function frameSize(room: number): FrameSize {
  const height = Math.round(Math.min(660, Math.max(480, room / 2)));
  return { width: Math.round(Math.min(room, height * 1.3)), height };
}
/** Hover reach around the cursor, px. */
const HOVER_PX = 10;
/** A pan or zoom moves the drawn picture; the points are drawn again once it rests this long. */
const SETTLE_MS = 120;

/** The density grid as a small image, a shade of grey per level, transparent where empty. */
function densityImage(grid: DensityGrid): HTMLCanvasElement | null {
  const c = document.createElement('canvas');
  c.width = grid.cols;
  c.height = grid.rows;
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  const img = ctx.createImageData(grid.cols, grid.rows);
  grid.level.forEach(
    (l, j) => (img.data[j * 4 + 3] = Math.round((l / DENSITY_LEVELS) * 0.35 * 255)),
  );
  ctx.putImageData(img, 0, 0);
  return c;
}

/**
 * The map: every shown point in a WebGL layer (PointsGl), the targets' density under it, and over
 * them as DOM (MapOverlay) the cluster labels, a window's path, the hovered window's lines and the
 * selection being drawn, with the hovered point's label, a legend and a toolbar (pan / box /
 * lasso, reset, PNG). Gestures: useMapGestures. Hover and click find the point through a GridIndex, never a scan.
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
  // the room the frame and legend have (the frame's width comes from it: frameSize)
  const [width, setWidth] = useState(900);
  const size = useMemo<FrameSize>(() => frameSize(width), [width]);
  const [view, setView] = useState<Viewport | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [hovered, setHovered] = useState<{ i: number; left: number; top: number } | null>(null);
  const [mode, setMode] = useState<DragMode>('pan');

  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = body.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => el.clientWidth && setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

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
      const dc = densityCanvas.current;
      const ctx = dc?.getContext('2d');
      if (dc && ctx) {
        const dpr = window.devicePixelRatio || 1;
        dc.width = Math.round(size.width * dpr);
        dc.height = Math.round(size.height * dpr);
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        if (density && densityPicture) {
          const [x0, y0] = toPx(v, size, density.bounds.x0, density.bounds.y1);
          const [x1, y1] = toPx(v, size, density.bounds.x1, density.bounds.y0);
          ctx.drawImage(densityPicture, x0, y0, x1 - x0, y1 - y0);
        }
      }
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

  // the vertices hover and selection may find: those of the groups the legend shows
  const visible = useMemo(() => (scene ? visibleVertices(scene, hidden) : null), [scene, hidden]);
  const index = useMemo(
    () => (scene && visible ? new GridIndex(scene.xy, visible) : null),
    [scene, visible],
  );

  /** The drawn map point under frame pixel (px, py), or -1. */
  const pointAt = (px: number, py: number): number => {
    if (!index || !scene || !view) return -1;
    const [x, y] = fromPx(view, size, px, py);
    const v = index.nearest(x, y, HOVER_PX / view.scale);
    return v < 0 ? -1 : scene.ids[v];
  };

  /** The windows of the visible points inside a box or lasso drawn in frame pixels. */
  const windowsIn = (outline: Polygon): number[] => {
    if (!scene || !visible || !view || !hover) return [];
    const poly = outline.map(([x, y]) => fromPx(view, size, x, y));
    const out = new Set<number>();
    for (const v of verticesInside(scene.xy, visible, poly)) {
      const w = hover.windowOf(scene.ids[v]);
      if (w >= 0) out.add(w);
    }
    return [...out].sort((a, b) => a - b);
  };

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
