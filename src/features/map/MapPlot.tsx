import { useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, Data, Layout } from 'plotly.js-dist-min';
import { loadPlotly } from '../../components/Plot';
import { MapTooltip } from './MapTooltip';
import type { PointLabel } from './mapTraces';
import { GridIndex } from './spatialIndex';

export interface HoverLine {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  colour: string;
}

/** What the map's own hover needs: positions, which points can be hovered, and their labels. */
export interface MapHover {
  /** [n, 2] layout positions */
  xy: Float32Array;
  /** the points drawn (passing the filters) */
  ids: Int32Array;
  label: (i: number) => PointLabel;
  /** the window of point i, or -1 */
  windowOf: (i: number) => number;
  /** window w's prediction→target segments, in layout units, each in its model's colour */
  linesOf: (w: number) => HoverLine[];
}

interface Props {
  data: Data[];
  /** zoom and legend toggles persist while this stays the same */
  revision: string;
  /** cluster labels and the like, in data coordinates */
  annotations?: Partial<Annotation>[];
  hover?: MapHover;
  onWindowClick: (window: number) => void;
  onSelectWindows: (windows: number[]) => void;
}

/** The hovered point, where the cursor is (px in the frame), its window's segments in px. */
interface Hovered {
  i: number;
  left: number;
  top: number;
  segments: HoverLine[];
}

/** Hover reach around the cursor, px. */
const HOVER_PX = 10;

interface Axis {
  l2p: (v: number) => number;
  p2l: (px: number) => number;
  _offset: number;
}
type PlotDiv = HTMLDivElement & { _fullLayout?: { xaxis: Axis; yaxis: Axis } };

/**
 * The map's WebGL canvas (plotly scattergl). Plotly's own hover is off (hovermode false): at a
 * million points its hover search and label strings stall the page. Hover and click go through a
 * GridIndex over the drawn points instead; the hovered point's label is a React tooltip (text, never
 * markup) and its window's prediction→target lines are drawn on an SVG overlay, so hovering never
 * redraws the WebGL traces. Box/lasso selections are forwarded, and zoom and legend state persist
 * across redraws (uirevision).
 */
export function MapPlot({
  data,
  revision,
  annotations,
  hover,
  onWindowClick,
  onSelectWindows,
}: Props) {
  const ref = useRef<PlotDiv>(null);
  // A drawing that fails (no WebGL, a lost context) is said, not left as an empty frame.
  const [error, setError] = useState<string | null>(null);
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const handlers = useRef({ onWindowClick, onSelectWindows });
  useEffect(() => {
    handlers.current = { onWindowClick, onSelectWindows };
  }, [onWindowClick, onSelectWindows]);
  const index = useMemo(() => (hover ? new GridIndex(hover.xy, hover.ids) : null), [hover]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let alive = true;
    loadPlotly()
      .then(async (P) => {
        if (!alive) return;
        const layout: Partial<Layout> = {
          height: 620,
          margin: { l: 24, r: 16, t: 16, b: 24 },
          hovermode: false,
          dragmode: 'pan',
          uirevision: revision,
          xaxis: { showticklabels: false, zeroline: false, showgrid: false },
          yaxis: { showticklabels: false, zeroline: false, showgrid: false, scaleanchor: 'x' },
          legend: { itemclick: 'toggle', itemdoubleclick: 'toggleothers' },
          annotations: annotations ?? [],
        };
        const gd = await P.react(el, data, layout, {
          displaylogo: false,
          responsive: true,
          scrollZoom: true,
        });
        gd.removeAllListeners('plotly_selected');
        gd.removeAllListeners('plotly_relayout');
        gd.removeAllListeners('plotly_relayouting');
        gd.on('plotly_selected', (e) => {
          if (!e?.points) return;
          const ws = new Set<number>();
          for (const p of e.points)
            if (typeof p.customdata === 'number' && p.customdata >= 0) ws.add(p.customdata);
          handlers.current.onSelectWindows([...ws].sort((a, b) => a - b));
        });
        // The overlay is in pixels: a pan or zoom clears it until the next mouse move.
        gd.on('plotly_relayouting', () => setHovered(null));
        gd.on('plotly_relayout', () => setHovered(null));
        setHovered(null);
        setError(null);
      })
      .catch((e: Error) => alive && setError(`The map could not be drawn: ${e.message}`));
    return () => {
      alive = false;
    };
  }, [data, revision, annotations]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((P) => P.purge(el));
    };
  }, []);

  /**
   * The drawn point under a mouse event via the grid, with its window's segments in pixels; null
   * off the plot or farther than HOVER_PX from any point.
   */
  const pick = (e: { clientX: number; clientY: number }): Hovered | null => {
    const el = ref.current;
    const axes = el?._fullLayout;
    if (!el || !axes || !index || !hover) return null;
    const box = el.getBoundingClientRect();
    const left = e.clientX - box.left;
    const top = e.clientY - box.top;
    const { xaxis, yaxis } = axes;
    const x = xaxis.p2l(left - xaxis._offset);
    const y = yaxis.p2l(top - yaxis._offset);
    const sx = Math.abs(xaxis.l2p(1) - xaxis.l2p(0));
    const sy = Math.abs(yaxis.l2p(1) - yaxis.l2p(0));
    if (!(sx > 0 && sy > 0)) return null;
    const i = index.nearest(x, y, HOVER_PX, sx, sy);
    if (i < 0) return null;
    const px = (a: Axis, v: number) => a._offset + a.l2p(v);
    const segments = hover.linesOf(hover.windowOf(i)).map((l) => ({
      ...l,
      x0: px(xaxis, l.x0),
      y0: px(yaxis, l.y0),
      x1: px(xaxis, l.x1),
      y1: px(yaxis, l.y1),
    }));
    return { i, left, top, segments };
  };

  // Clicks: plotly's drag layer takes the mouse (and, with hovermode off, sends no click event), and
  // ends a drag on a cover over the page, so the press is caught on the frame in the capture phase
  // and the release on the window. A release within 4 px of the press is a click.
  const frame = useRef<HTMLDivElement>(null);
  const pickRef = useRef(pick);
  useEffect(() => {
    pickRef.current = pick;
  });
  const hoverRef = useRef(hover);
  useEffect(() => {
    hoverRef.current = hover;
  }, [hover]);
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    let down: { x: number; y: number } | null = null;
    const onDown = (e: MouseEvent) => {
      down = { x: e.clientX, y: e.clientY };
      setHovered(null);
    };
    const onUp = (e: MouseEvent) => {
      const d = down;
      down = null;
      const h = hoverRef.current;
      if (!d || !h || Math.hypot(e.clientX - d.x, e.clientY - d.y) > 4) return;
      const hit = pickRef.current(e);
      const win = hit ? h.windowOf(hit.i) : -1;
      if (win >= 0) handlers.current.onWindowClick(win);
    };
    el.addEventListener('mousedown', onDown, true);
    window.addEventListener('mouseup', onUp, true);
    return () => {
      el.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('mouseup', onUp, true);
    };
  }, []);

  return (
    <>
      {error && <p className="error">{error}</p>}
      <div
        ref={frame}
        className="map-frame"
        onMouseMove={(e) => {
          if (e.buttons) return; // panning: plotly moves the view
          setHovered(pick(e));
        }}
        onMouseLeave={() => setHovered(null)}
      >
        <div ref={ref} className="map-plot" data-testid="map-plot" />
        {hovered && hovered.segments.length > 0 && (
          <svg className="map-overlay" data-testid="map-hover-lines">
            {hovered.segments.map((l, j) => (
              <line
                key={j}
                x1={l.x0}
                y1={l.y0}
                x2={l.x1}
                y2={l.y1}
                stroke={l.colour}
                strokeWidth={1.5}
              />
            ))}
          </svg>
        )}
        {hovered && hover && (
          <MapTooltip label={hover.label(hovered.i)} left={hovered.left} top={hovered.top} />
        )}
      </div>
    </>
  );
}
