import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { boxPolygon, type Polygon } from './selection';
import { fitView, panBy, zoomAt, type Bounds, type FrameSize, type Viewport } from './viewport';

/** What a drag does: move the view, or select with a box or a free-hand lasso. */
export type DragMode = 'pan' | 'box' | 'lasso';

interface Gestures {
  frame: React.RefObject<HTMLDivElement | null>;
  view: Viewport | null;
  setView: Dispatch<SetStateAction<Viewport | null>>;
  size: FrameSize;
  /** what the view fits (0, double-click) */
  bounds: Bounds | null;
  /** what a plain drag does (shift-drag always draws a box) */
  mode: DragMode;
  /** a click (press and release within CLICK_PX) at frame pixels */
  onClick: (px: number, py: number) => void;
  /** a box or lasso drawn, frame pixels */
  onSelect: (polygon: Polygon) => void;
  /** the view is about to move: hover labels are stale */
  onMove: () => void;
}

/** A press and release closer than this (px) is a click, not a drag. */
const CLICK_PX = 4;
/** Arrow keys move the view this many px. */
const KEY_STEP = 60;

/**
 * The map's pointer and keyboard: drag pans (or draws a box or lasso, by mode; shift draws a box), the
 * wheel zooms about the cursor, a click is a click, double-click or 0 fits, arrows and +/- move and
 * zoom. Drags are followed on the window so they end wherever the mouse is released.
 */
export function useMapGestures(g: Gestures) {
  // the box or lasso being drawn, frame pixels
  const [outline, setOutline] = useState<Polygon | null>(null);
  const drag = useRef<{
    x: number;
    y: number;
    view: Viewport;
    mode: DragMode;
    lasso: Polygon;
  } | null>(null);
  const live = useRef(g);
  useEffect(() => {
    live.current = g;
  });
  const framePx = (clientX: number, clientY: number): [number, number] => {
    const r = live.current.frame.current!.getBoundingClientRect();
    return [clientX - r.left, clientY - r.top];
  };

  useEffect(() => {
    const move = (e: MouseEvent) => {
      const d = drag.current;
      if (!d) return;
      if (d.mode === 'pan') {
        live.current.setView(panBy(d.view, e.clientX - d.x, e.clientY - d.y));
        return;
      }
      const [x0, y0] = framePx(d.x, d.y);
      const [x1, y1] = framePx(e.clientX, e.clientY);
      if (d.mode === 'lasso') d.lasso = [...d.lasso, [x1, y1]];
      setOutline(d.mode === 'box' ? boxPolygon(x0, y0, x1, y1) : d.lasso);
    };
    const up = (e: MouseEvent) => {
      const d = drag.current;
      drag.current = null;
      setOutline(null);
      if (!d) return;
      const [x1, y1] = framePx(e.clientX, e.clientY);
      const [x0, y0] = framePx(d.x, d.y);
      if (Math.hypot(e.clientX - d.x, e.clientY - d.y) <= CLICK_PX) live.current.onClick(x1, y1);
      else if (d.mode === 'box') live.current.onSelect(boxPolygon(x0, y0, x1, y1));
      else if (d.mode === 'lasso') live.current.onSelect([...d.lasso, [x1, y1]]);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    return () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
  }, []);

  // The wheel zooms the map, not the page: a non-passive listener may cancel the scroll.
  useEffect(() => {
    const el = g.frame.current!;
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const [px, py] = framePx(e.clientX, e.clientY);
      const { size, setView, onMove } = live.current;
      onMove();
      setView((v) => v && zoomAt(v, size, px, py, Math.exp(-e.deltaY * 0.002)));
    };
    el.addEventListener('wheel', wheel, { passive: false });
    return () => el.removeEventListener('wheel', wheel);
  }, [g.frame]);

  const fit = () => g.bounds && g.setView(fitView(g.bounds, g.size));

  const onMouseDown = (e: React.MouseEvent) => {
    if (e.button !== 0 || !g.view) return;
    e.preventDefault(); // no text selection while dragging
    g.frame.current?.focus({ preventScroll: true }); // scrolling would move the map under the press
    drag.current = {
      x: e.clientX,
      y: e.clientY,
      view: g.view,
      mode: e.shiftKey ? 'box' : g.mode,
      lasso: [framePx(e.clientX, e.clientY)],
    };
    g.onMove();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const { view, size, bounds } = g;
    if (!view || !bounds) return;
    const centre = (f: number) => zoomAt(view, size, size.width / 2, size.height / 2, f);
    const moves: Record<string, () => Viewport> = {
      ArrowLeft: () => panBy(view, KEY_STEP, 0),
      ArrowRight: () => panBy(view, -KEY_STEP, 0),
      ArrowUp: () => panBy(view, 0, KEY_STEP),
      ArrowDown: () => panBy(view, 0, -KEY_STEP),
      '+': () => centre(1.25),
      '=': () => centre(1.25),
      '-': () => centre(0.8),
      '0': () => fitView(bounds, size),
    };
    if (!moves[e.key]) return;
    e.preventDefault();
    g.onMove();
    g.setView(moves[e.key]());
  };

  /** Whether a drag is under way (hover waits until it ends). */
  const dragging = () => drag.current !== null;

  return { outline, fit, onMouseDown, onKeyDown, dragging };
}
