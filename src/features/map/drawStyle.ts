/** How the map draws many points: marker size and opacity from density, and which lines to draw. */

/** The largest marker, px. */
export const MAX_MARKER = 6;

export interface MarkerStyle {
  /** marker diameter, px */
  size: number;
  opacity: number;
}

/**
 * Marker size and opacity from how densely `count` points cover a plot of `areaPx` square pixels:
 * a few hundred points get large opaque markers, a million get 1–2 px ones faint enough that
 * overlaps add up to darker regions instead of a solid disc. Each point gets about its share of the
 * area (size ≈ 0.35 √(area / count)), clamped to [1.5, 6] px (8 px markers, grown with their
 * error, covered one another at a few thousand points); once the markers' total area exceeds
 * the plot's, opacity falls in proportion, clamped to [0.08, 0.85].
 */
export function densityStyle(count: number, areaPx: number): MarkerStyle {
  if (count <= 0) return { size: MAX_MARKER, opacity: 0.85 };
  const share = Math.sqrt(areaPx / count);
  const size = Math.min(MAX_MARKER, Math.max(1.5, share * 0.35));
  const cover = (count * size * size) / areaPx; // markers' total area over the plot's
  const opacity = Math.min(0.85, Math.max(0.08, 0.85 / Math.max(1, cover)));
  return { size, opacity };
}

/** The plot area a scene's marker sizes are chosen for (buildScene's default), px². */
export const SCENE_AREA = 900 * 620;

/**
 * What the frame multiplies a scene's marker sizes by: the marker densityStyle gives `count`
 * points in the frame's area over the one it gave them in `sceneArea`. A wider frame gets larger
 * markers, a narrower one smaller, without building the scene again.
 */
export function pointScale(count: number, frameArea: number, sceneArea = SCENE_AREA): number {
  return densityStyle(count, frameArea).size / densityStyle(count, sceneArea).size;
}

/** Lines to targets drawn when no window is hovered or selected: a sample this large at most. */
export const LINE_SAMPLE = 2000;

/**
 * Windows whose prediction→target lines are drawn: every window in `focus` (the selected ones, the
 * one open in Predict), plus, when `sample` is on, an even sample of the other shown windows, at
 * most `limit` in all. The sample takes evenly spaced windows in index order, so it is the
 * same on every redraw and spread over the whole map. Sorted ascending.
 */
export function lineWindows(
  shownWindows: ArrayLike<number>,
  focus: Iterable<number>,
  sample: boolean,
  limit = LINE_SAMPLE,
): number[] {
  const out = new Set<number>();
  const shown = new Set<number>(Array.from(shownWindows));
  for (const w of focus) if (shown.has(w)) out.add(w);
  if (sample) {
    const all = [...shown].sort((a, b) => a - b);
    const room = Math.max(0, limit - out.size);
    const take = Math.min(room, all.length);
    for (let j = 0; j < take && out.size < limit; j++)
      out.add(all[Math.floor((j * all.length) / take)]);
  }
  return [...out].sort((a, b) => a - b);
}
