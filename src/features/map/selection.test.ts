import { describe, expect, it } from 'vitest';
import { boxPolygon, insidePolygon, verticesInside } from './selection';

describe('map selection', () => {
  it('takes in the points inside a box, whichever corner the drag started from', () => {
    const xy = [0, 0, 1, 1, 2, 2, 3, 3];
    expect(verticesInside(xy, [0, 1, 2, 3], boxPolygon(2.5, 0.5, 0.5, 2.5))).toEqual([1, 2]);
    expect(verticesInside(xy, [0, 2, 3], boxPolygon(0.5, 2.5, 2.5, 0.5))).toEqual([2]);
  });

  it('follows a lasso: a point in the notch of a U is outside it', () => {
    // a U: two arms from y=0 to y=3, joined along the bottom below y=1
    const u: [number, number][] = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
    ];
    expect(insidePolygon(u, 0.5, 2)).toBe(true);
    expect(insidePolygon(u, 2.5, 2)).toBe(true);
    expect(insidePolygon(u, 1.5, 0.5)).toBe(true);
    expect(insidePolygon(u, 1.5, 2)).toBe(false); // in the notch, inside the bounding box
    expect(insidePolygon(u, 4, 1)).toBe(false);
    expect(verticesInside([0.5, 2, 1.5, 2, 2.5, 2], [0, 1, 2], u)).toEqual([0, 2]);
    expect(verticesInside([0.5, 2], [0], u.slice(0, 2))).toEqual([]);
  });
});
