import { describe, expect, it } from 'vitest';
import { boundsOf, fitView, fromPx, imageTransform, panBy, toPx, zoomAt } from './viewport';

const size = { width: 800, height: 600 };

describe('viewport', () => {
  it('fits the layout in the frame with its margin, y up', () => {
    const b = boundsOf(Float32Array.from([0, 0, 10, 5, 4, -5]));
    expect(b).toEqual({ x0: 0, y0: -5, x1: 10, y1: 5 });
    const v = fitView(b, size, 0);
    expect(v).toEqual({ cx: 5, cy: 0, scale: 60 }); // height binds: 600 px / 10 units
    expect(toPx(v, size, 5, 5)).toEqual([400, 0]);
    expect(toPx(v, size, 5, -5)).toEqual([400, 600]);
    expect(fromPx(v, size, 100, 300)).toEqual([0, 0]);
  });

  it('pans with the pointer and zooms about it', () => {
    const v = { cx: 0, cy: 0, scale: 10 };
    const moved = panBy(v, 50, 20);
    // the layout point that was under the pointer follows it
    expect(toPx(moved, size, ...fromPx(v, size, 300, 200))).toEqual([350, 220]);
    const zoomed = zoomAt(v, size, 600, 100, 2);
    const under = fromPx(v, size, 600, 100);
    expect(zoomed.scale).toBe(20);
    const [px, py] = toPx(zoomed, size, under[0], under[1]);
    expect(px).toBeCloseTo(600, 9);
    expect(py).toBeCloseTo(100, 9);
  });

  it('moves a drawn picture to where the new view puts each point', () => {
    const drawn = { cx: 1, cy: 2, scale: 10 };
    const now = zoomAt(panBy(drawn, -30, 45), size, 200, 500, 1.7);
    const t = imageTransform(drawn, now, size);
    for (const [x, y] of [
      [0, 0],
      [7, -3],
      [-20, 11],
    ]) {
      const [dx, dy] = toPx(drawn, size, x, y);
      const [nx, ny] = toPx(now, size, x, y);
      expect(t.k * dx + t.tx).toBeCloseTo(nx, 6);
      expect(t.k * dy + t.ty).toBeCloseTo(ny, 6);
    }
  });
});
