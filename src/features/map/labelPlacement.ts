/**
 * Where the map's cluster labels go, in frame pixels, so that no two overlap: the largest cluster
 * is placed first at its centroid; each next one takes the first of a few nearby spots (above,
 * below, beside) whose box meets no placed box and stays inside the frame, or is left out.
 * The same placement serves the screen, the PNG and the SVG, so all three show the same labels.
 */

export interface LabelCandidate {
  /** the anchor (a cluster's centroid), frame px */
  x: number;
  y: number;
  /** the text's box, px */
  width: number;
  height: number;
  /** larger clusters win a contested spot */
  size: number;
}

/** A placed label: the candidate's index and the centre of its box, frame px. */
export interface PlacedLabel {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const boxOf = (x: number, y: number, w: number, h: number): Box => ({
  x0: x - w / 2,
  y0: y - h / 2,
  x1: x + w / 2,
  y1: y + h / 2,
});

/** Whether two boxes share any area, with `gap` px kept clear between them. */
export function boxesMeet(a: Box, b: Box, gap = 0): boolean {
  return a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gap && b.y0 < a.y1 + gap;
}

/** Offsets tried around the anchor, in units of the label's height and half width. */
const SPOTS: [number, number][] = [
  [0, 0],
  [0, -1.1],
  [0, 1.1],
  [1.05, 0],
  [-1.05, 0],
  [0, -2.2],
  [0, 2.2],
  [1.05, -1.1],
  [-1.05, -1.1],
  [1.05, 1.1],
  [-1.05, 1.1],
];

/**
 * Greedy placement: candidates in order of size (ties by index, so the result is stable), each at
 * the first spot whose box meets no placed box (with `gap` px between) and lies inside the
 * `frame`; a candidate with no such spot is skipped. Returned in placement order.
 */
export function placeLabels(
  candidates: readonly LabelCandidate[],
  frame: { width: number; height: number },
  gap = 2,
): PlacedLabel[] {
  const order = candidates
    .map((c, index) => ({ c, index }))
    .sort((a, b) => b.c.size - a.c.size || a.index - b.index);
  const placed: (PlacedLabel & { box: Box })[] = [];
  for (const { c, index } of order) {
    for (const [dx, dy] of SPOTS) {
      const x = c.x + dx * c.width;
      const y = c.y + dy * c.height;
      const box = boxOf(x, y, c.width, c.height);
      const inside = box.x0 >= 0 && box.y0 >= 0 && box.x1 <= frame.width && box.y1 <= frame.height;
      if (!inside || placed.some((p) => boxesMeet(p.box, box, gap))) continue;
      placed.push({ index, x, y, width: c.width, height: c.height, box });
      break;
    }
  }
  return placed.map(({ index, x, y, width, height }) => ({ index, x, y, width, height }));
}

/** The font the map's labels are drawn in, on screen (map.css .map-label), PNG and SVG. */
export const LABEL_FONT = 'bold 12px sans-serif';
/** A label's box height and side padding, px (map.css: 12 px text, 2 px padding). */
export const LABEL_HEIGHT = 16;
const LABEL_PAD = 4;

let measurer: CanvasRenderingContext2D | null | undefined;
/**
 * The width of a label's box in LABEL_FONT: measured on a 2-D canvas where there is one, else
 * estimated at 7.2 px a character (bold 12 px sans-serif averages about that).
 */
export function labelWidth(text: string): number {
  if (measurer === undefined) {
    try {
      measurer =
        typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
    } catch {
      measurer = null;
    }
    if (measurer) measurer.font = LABEL_FONT;
  }
  const w = measurer ? measurer.measureText(text).width : text.length * 7.2;
  return Math.ceil(w) + LABEL_PAD;
}

/** A cluster label as drawn: its text and its placed box's centre, frame px. */
export interface DrawnLabel {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** targets in the cluster */
  size: number;
}

/** The cluster labels to draw for the current view: placed with placeLabels, none overlapping. */
export function drawnLabels(
  labels: readonly { x: number; y: number; size: number; words: string[] }[],
  px: (x: number, y: number) => [number, number],
  frame: { width: number; height: number },
): DrawnLabel[] {
  const texts = labels.map((l) => l.words.join(' · '));
  const cands = labels.map((l, j) => {
    const [x, y] = px(l.x, l.y);
    return { x, y, width: labelWidth(texts[j]), height: LABEL_HEIGHT, size: l.size };
  });
  return placeLabels(cands, frame).map((p) => ({
    text: texts[p.index],
    x: p.x,
    y: p.y,
    width: p.width,
    height: p.height,
    size: labels[p.index].size,
  }));
}
