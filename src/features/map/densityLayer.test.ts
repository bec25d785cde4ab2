// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { densityImage, drawDensity } from './densityLayer';
import { DENSITY_LEVELS, type DensityGrid } from './mapOverlays';
import { toPx } from './viewport';

/** A 2-D context that keeps what is drawn (jsdom has none). */
function fakeContext() {
  return {
    putImageData: vi.fn(),
    setTransform: vi.fn(),
    drawImage: vi.fn(),
    createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4) }),
  };
}
let ctx: ReturnType<typeof fakeContext>;
beforeEach(() => {
  ctx = fakeContext();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

// 3 × 2 cells over x 0..30, y 0..20: empty, half, full on the top row
const grid: DensityGrid = {
  bounds: { x0: 0, y0: 0, x1: 30, y1: 20 },
  cols: 3,
  rows: 2,
  level: Uint8Array.from([0, DENSITY_LEVELS / 2, DENSITY_LEVELS, 0, 0, 1]),
};

describe('density layer', () => {
  it('is a cell per pixel, transparent where empty and darker where denser', () => {
    const picture = densityImage(grid)!;
    expect([picture.width, picture.height]).toEqual([3, 2]);
    const data = ctx.putImageData.mock.calls[0][0].data as Uint8ClampedArray;
    const alpha = Array.from({ length: 6 }, (_, j) => data[j * 4 + 3]);
    expect(alpha).toEqual([0, 45, 89, 0, 0, 11]);
    // grey: no colour of its own
    expect(Array.from({ length: 6 }, (_, j) => data[j * 4])).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('is stretched over the grid’s bounds for the view, on a canvas of device pixels', () => {
    vi.stubGlobal('devicePixelRatio', 2);
    const view = { cx: 15, cy: 10, scale: 4 };
    const size = { width: 200, height: 100 };
    const canvas = document.createElement('canvas');
    const picture = document.createElement('canvas');
    drawDensity(canvas, grid, picture, view, size);
    expect([canvas.width, canvas.height]).toEqual([400, 200]);
    expect(ctx.setTransform).toHaveBeenCalledWith(2, 0, 0, 2, 0, 0);
    const [x0, y0] = toPx(view, size, 0, 20);
    expect(ctx.drawImage).toHaveBeenCalledWith(picture, x0, y0, 120, 80);
  });

  it('draws nothing when there is no density', () => {
    const canvas = document.createElement('canvas');
    drawDensity(canvas, null, null, { cx: 0, cy: 0, scale: 1 }, { width: 10, height: 10 });
    expect(ctx.drawImage).not.toHaveBeenCalled();
  });
});
