/**
 * What the pointer picks on the Map: the point under the cursor (hover, click) and the windows inside
 * a drawn box or lasso, among the groups the legend shows. Points are found through a GridIndex,
 * never a scan.
 */
import { useMemo } from 'react';
import type { MapHover } from './mapHover';
import { visibleVertices, type MapScene } from './mapScene';
import { verticesInside, type Polygon } from './selection';
import { GridIndex } from './spatialIndex';
import { fromPx, type FrameSize, type Viewport } from './viewport';

/** Hover reach around the cursor, px. */
export const HOVER_PX = 10;

/** The map point of the indexed vertex nearest frame pixel (px, py) within HOVER_PX, or -1. */
export function pointAt(
  index: GridIndex,
  scene: MapScene,
  view: Viewport,
  size: FrameSize,
  px: number,
  py: number,
): number {
  const [x, y] = fromPx(view, size, px, py);
  const v = index.nearest(x, y, HOVER_PX / view.scale);
  return v < 0 ? -1 : scene.ids[v];
}

/**
 * The windows (windowOf each map point; -1 is none) of the `visible` vertices inside `outline`, a
 * polygon in frame pixels, each once, ascending.
 */
export function windowsIn(
  scene: MapScene,
  visible: ArrayLike<number>,
  view: Viewport,
  size: FrameSize,
  windowOf: (point: number) => number,
  outline: Polygon,
): number[] {
  const poly = outline.map(([x, y]) => fromPx(view, size, x, y));
  const out = new Set<number>();
  for (const v of verticesInside(scene.xy, visible, poly)) {
    const w = windowOf(scene.ids[v]);
    if (w >= 0) out.add(w);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * pointAt and windowsIn for this scene, view and legend, with the index built once per scene and
 * legend: nothing is picked before there is a scene and a view (nor a window without `hover`).
 */
export function useMapPicking(
  scene: MapScene | null,
  hidden: ReadonlySet<string>,
  view: Viewport | null,
  size: FrameSize,
  hover: MapHover | undefined,
) {
  // the vertices hover and selection may find: those of the groups the legend shows
  const visible = useMemo(() => (scene ? visibleVertices(scene, hidden) : null), [scene, hidden]);
  const index = useMemo(
    () => (scene && visible ? new GridIndex(scene.xy, visible) : null),
    [scene, visible],
  );
  return {
    /** The drawn map point under frame pixel (px, py), or -1. */
    pointAt: (px: number, py: number): number =>
      index && scene && view ? pointAt(index, scene, view, size, px, py) : -1,
    /** The windows of the visible points inside a box or lasso drawn in frame pixels. */
    windowsIn: (outline: Polygon): number[] =>
      scene && visible && view && hover
        ? windowsIn(scene, visible, view, size, (i) => hover.windowOf(i), outline)
        : [],
  };
}
