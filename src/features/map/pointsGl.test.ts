// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MapScene } from './mapScene';
import { PointsGl } from './pointsGl';

/**
 * A WebGL context that records draw calls and accepts everything else: jsdom has no WebGL, and what
 * is tested here is which vertices are drawn when, not the pixels (e2e/map.spec.ts reads those).
 */
function recordingGl() {
  const draws: { mode: string; first: number; count: number }[] = [];
  const gl = new Proxy(
    {
      POINTS: 'points',
      LINES: 'lines',
      drawArrays: (mode: string, first: number, count: number) =>
        draws.push({ mode, first, count }),
      getShaderParameter: () => true,
      getProgramParameter: () => true,
      getAttribLocation: () => 0,
    } as Record<string, unknown>,
    { get: (t, k: string) => (k in t ? t[k] : () => ({})) },
  );
  return { gl, draws };
}

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
    lines: [{ key: 'g1', colour: '#ff0000', xy: new Float32Array(8) }],
    topics: [],
    bounds: { x0: 0, y0: 0, x1: 1, y1: 1 },
  };
}

afterEach(() => vi.restoreAllMocks());

describe('PointsGl', () => {
  const view = { cx: 0, cy: 0, scale: 1 };
  const size = { width: 100, height: 100 };

  it('draws a million points a chunk per frame, in order, skipping hidden groups, until stopped', () => {
    const { gl, draws } = recordingGl();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(gl as never);
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
    const r = new PointsGl(document.createElement('canvas'));
    r.setScene(sceneOf([600_000, 300_000, 100_000]));

    r.drawInFrames(view, size, new Set(['g2']));
    // now: the lines of g1, then the first chunk of g0
    expect(draws.map((d) => d.mode)).toEqual(['lines', 'points']);
    const chunk = draws[1].count;
    expect(chunk).toBeLessThan(100_000);
    while (frames.length) frames.shift()!(0);
    const points = draws.filter((d) => d.mode === 'points');
    expect(points.every((d) => d.count <= chunk)).toBe(true);
    // every vertex of g0 and g1 exactly once, in order; none of g2
    let next = 0;
    for (const d of points) {
      expect(d.first).toBe(next);
      next = d.first + d.count;
    }
    expect(next).toBe(900_000);
    expect(points.reduce((s, d) => s + d.count, 0)).toBe(900_000);

    // a new draw stops the one under way
    draws.length = 0;
    const stop = r.drawInFrames(view, size, new Set());
    const cancel = vi.spyOn(window, 'cancelAnimationFrame');
    stop();
    expect(cancel).toHaveBeenCalled();
    expect(draws.filter((d) => d.mode === 'points')).toHaveLength(1);
  });

  it('draws everything at once for a picture (the PNG export)', () => {
    const { gl, draws } = recordingGl();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(gl as never);
    const r = new PointsGl(document.createElement('canvas'));
    r.setScene(sceneOf([600_000, 300_000]));
    r.draw(view, size, new Set());
    expect(draws.filter((d) => d.mode === 'points').map((d) => [d.first, d.count])).toEqual([
      [0, 600_000],
      [600_000, 300_000],
    ]);
  });
});
