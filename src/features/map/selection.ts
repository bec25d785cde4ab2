/** Which map points a dragged box or lasso takes in. */
import { boundsOf } from './viewport';

/** A closed polygon, [x, y] vertices in order (the last joins the first). */
export type Polygon = [number, number][];

/** The box from one corner to the other as a polygon. */
export function boxPolygon(x0: number, y0: number, x1: number, y1: number): Polygon {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** Whether (x, y) is inside `poly` (even-odd rule: a ray to +x crosses the edges an odd number of times). */
export function insidePolygon(poly: Polygon, x: number, y: number): boolean {
  let inside = false;
  for (let a = 0, b = poly.length - 1; a < poly.length; b = a++) {
    const [xa, ya] = poly[a];
    const [xb, yb] = poly[b];
    if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

/**
 * The vertices among `candidates` whose position in `xy` ([n, 2]) lies inside `poly` (same units).
 * The polygon's bounding box is checked first, so a small lasso over a million points costs a
 * comparison per point, not a walk round the polygon.
 */
export function verticesInside(
  xy: ArrayLike<number>,
  candidates: ArrayLike<number>,
  poly: Polygon,
): number[] {
  if (poly.length < 3) return [];
  const { x0, y0, x1, y1 } = boundsOf(poly.flat());
  const out: number[] = [];
  for (let j = 0; j < candidates.length; j++) {
    const v = candidates[j];
    const x = xy[v * 2];
    const y = xy[v * 2 + 1];
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (insidePolygon(poly, x, y)) out.push(v);
  }
  return out;
}
