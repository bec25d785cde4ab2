// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MapScene } from './mapScene';
import { interleave, PointsGl, STRIPE } from './pointsGl';
import { recordingGl } from './recordingGl';

/** A scene of `sizes[g]` points per group; only the ranges matter here. */
function sceneOf(sizes: number[]): MapScene {
  let at = 0;
  const groups = sizes.map((n, g) => ({
    key: `g${g}`,
    name: `g${g}`,
    colour: '#000000',
    shape: 0,
    start: at,
    end: (at += n),
  }));
  return {
    count: at,
    ids: new Int32Array(at),
    xy: new Float32Array(at * 2),
    rgba: new Uint8Array(at * 4),
    size: new Float32Array(at),
    shape: new Uint8Array(at),
    groups,
    topics: [],
    bounds: { x0: 0, y0: 0, x1: 1, y1: 1 },
  };
}

afterEach(() => vi.restoreAllMocks());

describe('PointsGl', () => {
  const view = { cx: 0, cy: 0, scale: 1 };
  const size = { width: 100, height: 100 };

  it('draws a million points a chunk per frame, skipping hidden groups, until stopped', () => {
    const { gl, draws } = recordingGl();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(gl as never);
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
    const r = new PointsGl(document.createElement('canvas'));
    r.setScene(sceneOf([600_000, 300_000, 100_000]));
    r.setLines([{ key: 'g1', colour: '#ff0000', xy: new Float32Array(8) }]);

    r.drawInFrames(view, size, new Set(['g2']));
    // now: the lines of g1, then the first chunk of points
    expect(draws[0].mode).toBe('lines');
    const total = (ds: typeof draws) => ds.reduce((sum, d) => sum + d.count, 0);
    const chunk = total(draws.slice(1));
    expect(draws.slice(1).every((d) => d.mode === 'points')).toBe(true);
    expect(chunk).toBeLessThan(100_000);
    // then at most a chunk per frame
    for (let seen = draws.length; frames.length; seen = draws.length) {
      frames.shift()!(0);
      expect(total(draws.slice(seen))).toBeLessThanOrEqual(chunk);
    }
    const points = draws.filter((d) => d.mode === 'points');
    // every vertex of g0 and g1 exactly once, none of g2, in the interleaved order
    const drawnOnce = new Uint8Array(1_000_000);
    for (const d of points) for (let v = d.first; v < d.first + d.count; v++) drawnOnce[v]++;
    expect(drawnOnce.subarray(0, 900_000).every((x) => x === 1)).toBe(true);
    expect(drawnOnce.subarray(900_000).every((x) => x === 0)).toBe(true);
    const order = interleave([
      { start: 0, end: 600_000 },
      { start: 600_000, end: 900_000 },
    ]);
    let turn = 0;
    let at = order[0][0];
    for (const d of points) {
      expect(d.first).toBe(at);
      at += d.count;
      if (at === order[turn][1]) at = order[++turn]?.[0];
    }
    expect(turn).toBe(order.length);

    // a new draw stops the one under way
    draws.length = 0;
    const stop = r.drawInFrames(view, size, new Set());
    const cancel = vi.spyOn(window, 'cancelAnimationFrame');
    stop();
    expect(cancel).toHaveBeenCalledWith(frames.length); // the frame it asked for (ids count up)
    expect(total(draws.filter((d) => d.mode === 'points'))).toBe(chunk);
  });

  it('takes the groups in turns, so no model is drawn over all the others', () => {
    expect(
      interleave([
        { start: 0, end: 10 },
        { start: 10, end: 12 },
      ]),
    ).toEqual([
      [0, 10],
      [10, 12],
    ]);
    const turns = interleave(
      [
        { start: 0, end: 2 * STRIPE + 5 },
        { start: 2 * STRIPE + 5, end: 3 * STRIPE + 5 },
      ],
      STRIPE,
    );
    expect(turns).toEqual([
      [0, STRIPE],
      [2 * STRIPE + 5, 3 * STRIPE + 5],
      [STRIPE, 2 * STRIPE],
      [2 * STRIPE, 2 * STRIPE + 5],
    ]);
  });

  it('mixes small groups too: four models of 685 points each take dozens of turns', () => {
    const groups = [0, 1, 2, 3].map((g) => ({ start: g * 685, end: (g + 1) * 685 }));
    const turns = interleave(groups);
    expect(turns.length).toBeGreaterThanOrEqual(4 * 32);
    // the last group's first turn comes before the first group's last
    const lastStarts = turns.findIndex(([s]) => s >= 3 * 685);
    const firstEnds = turns.findIndex(([, e]) => e === 685);
    expect(lastStarts).toBeLessThan(firstEnds);
    // each model is drawn last (on top) in some turns: the order rotates
    const lastOfTurn = new Set<number>();
    for (let j = 0; j + 3 < turns.length; j += 4) lastOfTurn.add(Math.floor(turns[j + 3][0] / 685));
    expect([...lastOfTurn].sort()).toEqual([0, 1, 2, 3]);
    // and every vertex is drawn once
    expect(turns.reduce((n, [s, e]) => n + e - s, 0)).toBe(4 * 685);
  });

  it('draws everything at once for a picture (the PNG export)', () => {
    const { gl, draws } = recordingGl();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(gl as never);
    const r = new PointsGl(document.createElement('canvas'));
    r.setScene(sceneOf([600_000, 300_000]));
    r.draw(view, size, new Set());
    const points = draws.filter((d) => d.mode === 'points');
    expect(points.reduce((s, d) => s + d.count, 0)).toBe(900_000);
    expect(points.map((d) => [d.first, d.first + d.count])).toEqual(
      interleave([
        { start: 0, end: 600_000 },
        { start: 600_000, end: 900_000 },
      ]),
    );
  });
});
