import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import { twoWindowMap } from '../../test/mapPoints';
import { HOVER_PX, pointAt, windowsIn } from './mapPicking';
import { buildScene, visibleVertices } from './mapScene';
import { GridIndex } from './spatialIndex';
import { fitView, toPx } from './viewport';

// Two windows: targets (map points 0, 1) at (0, 0) and (10, 0), AMN's predictions (2, 3) above.
const { points, embedding } = twoWindowMap();
const dataset = { bank: { texts: ['a', 'b'] } } as unknown as Dataset;
const scene = buildScene(points, embedding, dataset, 'model');
const size = { width: 600, height: 400 };
const view = fitView(scene.bounds, size);
const px = (x: number, y: number) => toPx(view, size, x, y);
const windowOf = (i: number) => points.window[i];
const shown = (hidden: string[] = []) => visibleVertices(scene, new Set(hidden));
const amn = scene.groups.find((g) => g.name === 'AMN')!.key;

describe('pointAt', () => {
  const index = new GridIndex(scene.xy, shown());
  const at = (x: number, y: number, dx = 0) => {
    const [fx, fy] = px(x, y);
    return pointAt(index, scene, view, size, fx + dx, fy);
  };

  it('finds the map point under the cursor, within HOVER_PX of it', () => {
    expect(at(10, 0)).toBe(1);
    expect(at(0, 5)).toBe(2);
    expect(at(10, 5, HOVER_PX - 2)).toBe(3);
    expect(at(10, 5, HOVER_PX + 2)).toBe(-1);
    expect(at(5, 2.5)).toBe(-1);
  });

  it('never finds a point of a group the legend hides', () => {
    const targetsOnly = new GridIndex(scene.xy, shown([amn]));
    const [fx, fy] = px(0, 5);
    expect(pointAt(targetsOnly, scene, view, size, fx, fy)).toBe(-1);
  });
});

describe('windowsIn', () => {
  /** A box in frame pixels round layout corners (x0, y0) and (x1, y1). */
  const box = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
    px(x0, y0),
    px(x1, y0),
    px(x1, y1),
    px(x0, y1),
  ];

  it('gives each window with a visible point inside the outline once, ascending', () => {
    expect(windowsIn(scene, shown(), view, size, windowOf, box(8, -2, 12, 7))).toEqual([1]);
    expect(windowsIn(scene, shown(), view, size, windowOf, box(-2, -2, 12, 7))).toEqual([0, 1]);
    // a lasso round the left-hand window only
    const lasso: [number, number][] = [px(-2, -2), px(2, -2), px(2, 7), px(-2, 7)];
    expect(windowsIn(scene, shown(), view, size, windowOf, lasso)).toEqual([0]);
  });

  it('leaves out hidden groups, points with no window, and an outline of fewer than 3 corners', () => {
    // only AMN's prediction of window 1 is inside; hidden, it selects nothing
    expect(windowsIn(scene, shown([amn]), view, size, windowOf, box(8, 3, 12, 7))).toEqual([]);
    const noWindow = (i: number) => (i === 1 ? -1 : windowOf(i));
    expect(windowsIn(scene, shown(), view, size, noWindow, box(8, -2, 12, 2))).toEqual([]);
    expect(windowsIn(scene, shown(), view, size, windowOf, [px(-2, -2), px(12, 7)])).toEqual([]);
  });
});
