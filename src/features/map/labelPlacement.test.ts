import { describe, expect, it } from 'vitest';
import { boxesMeet, placeLabels, type LabelCandidate, type PlacedLabel } from './labelPlacement';

const frame = { width: 800, height: 600 };
const box = (p: PlacedLabel) => ({
  x0: p.x - p.width / 2,
  y0: p.y - p.height / 2,
  x1: p.x + p.width / 2,
  y1: p.y + p.height / 2,
});
const noneMeet = (placed: PlacedLabel[]) =>
  placed.every((a, i) => placed.every((b, j) => i === j || !boxesMeet(box(a), box(b))));

describe('placeLabels', () => {
  it('keeps two labels anchored on the same spot apart, the larger cluster at its anchor', () => {
    const cands: LabelCandidate[] = [
      { x: 400, y: 300, width: 180, height: 16, size: 10 },
      { x: 410, y: 304, width: 200, height: 16, size: 50 },
    ];
    const placed = placeLabels(cands, frame);
    expect(placed).toHaveLength(2);
    expect(noneMeet(placed)).toBe(true);
    // the larger one placed first, where it belongs
    expect(placed[0]).toMatchObject({ index: 1, x: 410, y: 304 });
  });

  it('never overlaps, whatever the candidates: a crowd is thinned, not stacked', () => {
    // 40 labels crowded in a 60 × 40 px patch: every placed pair is disjoint
    const cands = Array.from({ length: 40 }, (_, i) => ({
      x: 380 + ((i * 37) % 60),
      y: 280 + ((i * 13) % 40),
      width: 120 + (i % 5) * 20,
      height: 16,
      size: (i * 7) % 11,
    }));
    const placed = placeLabels(cands, frame);
    expect(placed.length).toBeGreaterThan(3);
    expect(placed.length).toBeLessThan(40);
    expect(noneMeet(placed)).toBe(true);
    for (const p of placed) {
      const b = box(p);
      expect(b.x0).toBeGreaterThanOrEqual(0);
      expect(b.x1).toBeLessThanOrEqual(frame.width);
    }
  });

  it('leaves labels that do not collide where they are', () => {
    const cands = [
      { x: 100, y: 100, width: 80, height: 16, size: 1 },
      { x: 500, y: 400, width: 80, height: 16, size: 2 },
    ];
    const placed = placeLabels(cands, frame);
    expect(placed.map((p) => [p.index, p.x, p.y])).toEqual([
      [1, 500, 400],
      [0, 100, 100],
    ]);
  });

  it('keeps a label inside the frame: one at the edge moves in or is left out', () => {
    const placed = placeLabels([{ x: 5, y: 300, width: 100, height: 16, size: 1 }], frame);
    for (const p of placed) expect(box(p).x0).toBeGreaterThanOrEqual(0);
  });
});
