/** The targets' density under the Map's points: a small grey image, drawn on its own canvas. */
import { DENSITY_LEVELS, type DensityGrid } from './mapOverlays';
import { toPx, type FrameSize, type Viewport } from './viewport';

/** The density grid as a small image, a shade of grey per level, transparent where empty. */
export function densityImage(grid: DensityGrid): HTMLCanvasElement | null {
  const c = document.createElement('canvas');
  c.width = grid.cols;
  c.height = grid.rows;
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  const img = ctx.createImageData(grid.cols, grid.rows);
  grid.level.forEach(
    (l, j) => (img.data[j * 4 + 3] = Math.round((l / DENSITY_LEVELS) * 0.35 * 255)),
  );
  ctx.putImageData(img, 0, 0);
  return c;
}

/**
 * Sizes `canvas` to the frame (device pixels), which clears it, and draws `picture` (densityImage of
 * `grid`) over the grid's bounds for view v; a canvas without a 2-D context is left alone.
 */
export function drawDensity(
  canvas: HTMLCanvasElement | null,
  grid: DensityGrid | null | undefined,
  picture: HTMLCanvasElement | null,
  v: Viewport,
  size: FrameSize,
): void {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(size.width * dpr);
  canvas.height = Math.round(size.height * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  if (grid && picture) {
    const [x0, y0] = toPx(v, size, grid.bounds.x0, grid.bounds.y1);
    const [x1, y1] = toPx(v, size, grid.bounds.x1, grid.bounds.y0);
    ctx.drawImage(picture, x0, y0, x1 - x0, y1 - y0);
  }
}
