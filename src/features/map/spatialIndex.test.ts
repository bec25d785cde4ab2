import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../projection/random';
import { GridIndex } from './spatialIndex';

/** Nearest of `ids` to (x, y) within radius r by a scan: the reference. */
function scan(xy: Float32Array, ids: number[], x: number, y: number, r: number, sx = 1, sy = 1) {
  let best = -1;
  let bestD = r * r;
  for (const i of ids) {
    const d = ((xy[i * 2] - x) * sx) ** 2 + ((xy[i * 2 + 1] - y) * sy) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return { best, bestD };
}

describe('GridIndex', () => {
  const rand = seededRandom(3);
  const n = 5000;
  // Clumped, like a layout: half the points in a small blob, half spread out.
  const xy = Float32Array.from({ length: n * 2 }, (_, j) =>
    j < n ? 50 + rand() * 2 : rand() * 100 - 20,
  );
  const all = Array.from({ length: n }, (_, i) => i);

  it('finds the same nearest point as a scan, at every radius and axis scale', () => {
    const grid = new GridIndex(xy);
    for (let q = 0; q < 400; q++) {
      const x = rand() * 120 - 30;
      const y = rand() * 120 - 30;
      for (const [r, sx, sy] of [
        [0.5, 1, 1],
        [3, 1, 1],
        [8, 4, 0.5],
      ]) {
        const want = scan(xy, all, x, y, r, sx, sy);
        const got = grid.nearest(x, y, r, sx, sy);
        if (want.best < 0) expect(got).toBe(-1);
        else {
          // Ties at equal distance may pick either point.
          const d = ((xy[got * 2] - x) * sx) ** 2 + ((xy[got * 2 + 1] - y) * sy) ** 2;
          expect(d).toBeCloseTo(want.bestD, 9);
        }
      }
    }
  });

  it('only returns indexed points (the ones passing the filters)', () => {
    const ids = all.filter((i) => i % 3 === 0);
    const grid = new GridIndex(xy, Int32Array.from(ids));
    for (let q = 0; q < 200; q++) {
      const x = rand() * 100;
      const y = rand() * 100;
      const got = grid.nearest(x, y, 5);
      expect(got).toBe(scan(xy, ids, x, y, 5).best === -1 ? -1 : got);
      if (got >= 0) expect(got % 3).toBe(0);
    }
    expect(new GridIndex(xy, new Int32Array(0)).nearest(50, 50, 100)).toBe(-1);
  });
});
