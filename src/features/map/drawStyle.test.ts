import { describe, expect, it } from 'vitest';
import { densityStyle, lineWindows, MAX_MARKER, pointScale, SCENE_AREA } from './drawStyle';

describe('densityStyle', () => {
  const area = 900 * 620;
  it('draws few points large and opaque, many small and faint', () => {
    const few = densityStyle(300, area);
    const many = densityStyle(1_000_000, area);
    expect(few.size).toBe(MAX_MARKER);
    expect(few.opacity).toBeCloseTo(0.85, 6);
    expect(many.size).toBe(1.5);
    expect(many.opacity).toBeLessThan(0.3);
    expect(many.opacity).toBeGreaterThanOrEqual(0.08);
  });

  it('never grows a marker or its opacity as the count rises', () => {
    let last = densityStyle(1, area);
    for (let n = 10; n <= 2_000_000; n *= 2) {
      const s = densityStyle(n, area);
      expect(s.size).toBeLessThanOrEqual(last.size);
      expect(s.opacity).toBeLessThanOrEqual(last.opacity);
      last = s;
    }
  });
});

describe('pointScale', () => {
  it('grows markers with the frame and shrinks them with the count', () => {
    expect(pointScale(3000, SCENE_AREA)).toBeCloseTo(1, 9);
    expect(pointScale(3000, 2 * SCENE_AREA)).toBeGreaterThan(1);
    expect(pointScale(3000, SCENE_AREA / 2)).toBeLessThan(1);
    // a few points are at the largest marker whatever the frame
    expect(pointScale(10, 4 * SCENE_AREA)).toBe(1);
  });
});

describe('lineWindows', () => {
  const windows = Array.from({ length: 20_000 }, (_, w) => w);
  it('keeps every focused window and samples the rest evenly up to the limit', () => {
    const got = lineWindows(windows, [7, 19_999, 12_345], true, 2000);
    expect(got.length).toBeLessThanOrEqual(2000);
    expect(got.length).toBeGreaterThan(1900);
    for (const w of [7, 19_999, 12_345]) expect(got).toContain(w);
    // Spread over the map, not the first 2000 windows.
    expect(got.filter((w) => w >= 10_000).length).toBeGreaterThan(900);
    expect(lineWindows(windows, [7, 19_999, 12_345], true, 2000)).toEqual(got);
  });

  it('draws only the focus without the sample, and nothing for windows not drawn', () => {
    expect(lineWindows(windows, [5, 3], false)).toEqual([3, 5]);
    expect(lineWindows([1, 2, 3], [9], false)).toEqual([]);
    expect(lineWindows([1, 2, 3], [], true)).toEqual([1, 2, 3]);
  });
});
