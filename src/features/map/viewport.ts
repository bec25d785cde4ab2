/**
 * The map's view: which part of the layout the frame shows. One scale for both axes (a unit is as
 * long across as it is up), the layout's y pointing up and the screen's down.
 */

export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Viewport {
  /** the layout point at the frame's centre */
  cx: number;
  cy: number;
  /** px per layout unit */
  scale: number;
}

export interface FrameSize {
  width: number;
  height: number;
}

/** The smallest box around the pairs in `xy` (all of them, or those at `ids`). */
export function boundsOf(xy: ArrayLike<number>, ids?: ArrayLike<number>): Bounds {
  const count = ids ? ids.length : xy.length / 2;
  const b = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (let j = 0; j < count; j++) {
    const i = ids ? ids[j] : j;
    const x = xy[i * 2];
    const y = xy[i * 2 + 1];
    if (x < b.x0) b.x0 = x;
    if (x > b.x1) b.x1 = x;
    if (y < b.y0) b.y0 = y;
    if (y > b.y1) b.y1 = y;
  }
  return count ? b : { x0: -1, y0: -1, x1: 1, y1: 1 };
}

/** The view that shows all of `b` with a margin of `pad` (a fraction of the frame) around it. */
export function fitView(b: Bounds, size: FrameSize, pad = 0.05): Viewport {
  const w = Math.max(b.x1 - b.x0, 1e-9);
  const h = Math.max(b.y1 - b.y0, 1e-9);
  const scale = Math.min(size.width / w, size.height / h) * (1 - 2 * pad);
  return { cx: (b.x0 + b.x1) / 2, cy: (b.y0 + b.y1) / 2, scale };
}

/** Whether two views show the same (to a hundredth of a pixel across a 10,000 px frame). */
export function sameView(a: Viewport, b: Viewport): boolean {
  const tol = 1e-6 * Math.max(a.scale, b.scale);
  return (
    Math.abs(a.scale - b.scale) <= tol &&
    Math.abs(a.cx - b.cx) * a.scale <= 1e-2 &&
    Math.abs(a.cy - b.cy) * a.scale <= 1e-2
  );
}

/** Layout → frame pixels. */
export function toPx(v: Viewport, size: FrameSize, x: number, y: number): [number, number] {
  return [size.width / 2 + (x - v.cx) * v.scale, size.height / 2 - (y - v.cy) * v.scale];
}

/** Frame pixels → layout. */
export function fromPx(v: Viewport, size: FrameSize, px: number, py: number): [number, number] {
  return [v.cx + (px - size.width / 2) / v.scale, v.cy - (py - size.height / 2) / v.scale];
}

/** The view after dragging the layout by (dx, dy) pixels. */
export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { cx: v.cx - dx / v.scale, cy: v.cy + dy / v.scale, scale: v.scale };
}

/** The view after zooming by `factor` about the frame pixel (px, py), which stays put. */
export function zoomAt(
  v: Viewport,
  size: FrameSize,
  px: number,
  py: number,
  factor: number,
): Viewport {
  const [x, y] = fromPx(v, size, px, py);
  const scale = v.scale * factor;
  return {
    cx: x - (px - size.width / 2) / scale,
    cy: y + (py - size.height / 2) / scale,
    scale,
  };
}

/**
 * The CSS transform (origin at the top left) that moves an image drawn with view `drawn` to where
 * view `now` puts it: while a pan or zoom is under way the drawn points move as one picture, and
 * are drawn again only once the gesture rests.
 */
export function imageTransform(
  drawn: Viewport,
  now: Viewport,
  size: FrameSize,
): { k: number; tx: number; ty: number } {
  const k = now.scale / drawn.scale;
  return {
    k,
    tx: (size.width / 2) * (1 - k) + now.scale * (drawn.cx - now.cx),
    ty: (size.height / 2) * (1 - k) - now.scale * (drawn.cy - now.cy),
  };
}
