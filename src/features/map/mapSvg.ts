/**
 * The map as an SVG document, written from its scene (not read back from WebGL): every visible
 * point in view as a vector marker in its colour, opacity and shape, in the order the screen draws
 * them (interleave), the prediction→target lines, the window's path, the placed cluster labels and
 * the legend. Past SVG_MAX_POINTS points a vector file is too large to open: the map exports a
 * PNG instead and says why.
 */
import { escapeHtml } from '../../lib/plotText';
import type { DrawnLabel } from './labelPlacement';
import { SHAPE, type MapScene, type SceneLines } from './mapScene';
import { interleave } from './pointsGl';
import { toPx, type FrameSize, type Viewport } from './viewport';

/** The most points the map writes as vector markers (about 60 bytes each: 6 MB). */
export const SVG_MAX_POINTS = 100_000;

export interface MapSvgInput {
  scene: MapScene;
  view: Viewport;
  size: FrameSize;
  hidden: ReadonlySet<string>;
  /** every marker's size times this (drawStyle's pointScale) */
  pointScale: number;
  lines: SceneLines[];
  /** the window's path, layout units */
  path: [number, number][];
  pathColour: string;
  labels: DrawnLabel[];
}

const n2 = (v: number) => String(Math.round(v * 100) / 100 + 0);
const hex = (c: number) => c.toString(16).padStart(2, '0');

/** The visible vertices of a scene: those of the groups not hidden. */
export function visibleCount(scene: MapScene, hidden: ReadonlySet<string>): number {
  return scene.groups.reduce((n, g) => n + (hidden.has(g.key) ? 0 : g.end - g.start), 0);
}

/** One marker: a disc, a ring or a diamond of diameter d at (x, y). */
function marker(shape: number, x: number, y: number, d: number, fill: string, a: string): string {
  const r = d / 2;
  if (shape === SHAPE.ring)
    return `<circle cx="${n2(x)}" cy="${n2(y)}" r="${n2(r * 0.8)}" fill="none" stroke="${fill}" stroke-width="${n2(r * 0.4)}" stroke-opacity="${a}"/>`;
  if (shape === SHAPE.diamond)
    return `<path d="M${n2(x)},${n2(y - r)}l${n2(r)},${n2(r)}l${n2(-r)},${n2(r)}l${n2(-r)},${n2(-r)}z" fill="${fill}" fill-opacity="${a}"/>`;
  return `<circle cx="${n2(x)}" cy="${n2(y)}" r="${n2(r)}" fill="${fill}" fill-opacity="${a}"/>`;
}

/** The SVG document; throws when more than SVG_MAX_POINTS points are visible. */
export function mapSvg(m: MapSvgInput): string {
  const { scene, view, size, hidden } = m;
  const count = visibleCount(scene, hidden);
  if (count > SVG_MAX_POINTS)
    throw new Error(
      `${count.toLocaleString()} points are more than an SVG can hold (${SVG_MAX_POINTS.toLocaleString()})`,
    );
  const { width, height } = size;
  const px = (x: number, y: number) => toPx(view, size, x, y);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<title>Map</title><rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  for (const l of m.lines) {
    if (hidden.has(l.key)) continue;
    const d: string[] = [];
    for (let j = 0; j + 3 < l.xy.length; j += 4) {
      const [x0, y0] = px(l.xy[j], l.xy[j + 1]);
      const [x1, y1] = px(l.xy[j + 2], l.xy[j + 3]);
      d.push(`M${n2(x0)},${n2(y0)}L${n2(x1)},${n2(y1)}`);
    }
    out.push(
      `<path d="${d.join('')}" stroke="${escapeHtml(l.colour)}" stroke-opacity="0.3" fill="none"/>`,
    );
  }
  const margin = 12;
  out.push('<g>');
  for (const [start, end] of interleave(scene.groups.filter((g) => !hidden.has(g.key))))
    for (let v = start; v < end; v++) {
      const [x, y] = px(scene.xy[v * 2], scene.xy[v * 2 + 1]);
      if (x < -margin || y < -margin || x > width + margin || y > height + margin) continue;
      const c = scene.rgba.subarray(v * 4, v * 4 + 4);
      const fill = `#${hex(c[0])}${hex(c[1])}${hex(c[2])}`;
      out.push(marker(scene.shape[v], x, y, scene.size[v] * m.pointScale, fill, n2(c[3] / 255)));
    }
  out.push('</g>');
  if (m.path.length > 1) {
    const pts = m.path.map(([x, y]) => px(x, y).map(n2).join(',')).join(' ');
    out.push(
      `<polyline points="${pts}" fill="none" stroke="${escapeHtml(m.pathColour)}" stroke-width="2"/>`,
    );
  }
  for (const l of m.labels)
    out.push(
      `<rect x="${n2(l.x - l.width / 2)}" y="${n2(l.y - l.height / 2)}" width="${n2(l.width)}" height="${n2(l.height)}" fill="#ffffff" fill-opacity="0.75"/>`,
      `<text x="${n2(l.x)}" y="${n2(l.y + 4)}" text-anchor="middle" font-size="12" font-weight="bold" fill="#222222">${escapeHtml(l.text)}</text>`,
    );
  scene.groups
    .filter((g) => !hidden.has(g.key))
    .forEach((g, j) => {
      const y = 14 + j * 18;
      out.push(
        `<rect x="${width - 150}" y="${y - 5}" width="10" height="10" fill="${escapeHtml(g.colour)}"/>`,
        `<text x="${width - 134}" y="${y + 4}" font-size="12" fill="#222222">${escapeHtml(g.name)}</text>`,
      );
    });
  out.push('</svg>');
  return out.join('\n');
}
