/**
 * A uniform grid over 2-D points for the map's hover and click: the nearest point to the cursor is
 * found by looking at the cells around it, ring by ring, instead of scanning every point (a
 * million points on every mouse move would stall the page).
 */
import { boundsOf } from './viewport';

export class GridIndex {
  private readonly x0: number;
  private readonly y0: number;
  private readonly cell: number;
  private readonly cols: number;
  private readonly rows: number;
  /** CSR: the points of cell c are items[start[c] .. start[c + 1]] */
  private readonly start: Int32Array;
  private readonly items: Int32Array;

  /**
   * @param xy [n, 2] positions
   * @param ids the points to index (e.g. those passing the map's filters); all n when absent
   * @param perCell average points per cell the grid is sized for
   */
  constructor(
    private readonly xy: ArrayLike<number>,
    ids?: ArrayLike<number>,
    perCell = 4,
  ) {
    const count = ids ? ids.length : xy.length / 2;
    const id = (j: number) => (ids ? ids[j] : j);
    const { x0, y0, x1, y1 } = boundsOf(xy, ids);
    const w = Math.max(x1 - x0, 1e-9);
    const h = Math.max(y1 - y0, 1e-9);
    // Square cells, about `perCell` points each on average.
    this.cell = Math.sqrt((w * h * perCell) / Math.max(1, count)) || 1;
    this.cols = Math.max(1, Math.ceil(w / this.cell));
    this.rows = Math.max(1, Math.ceil(h / this.cell));
    this.x0 = x0;
    this.y0 = y0;
    const cells = this.cols * this.rows;
    const start = new Int32Array(cells + 1);
    const cellOf = new Int32Array(count);
    for (let j = 0; j < count; j++) {
      const i = id(j);
      cellOf[j] = this.cellAt(xy[i * 2], xy[i * 2 + 1]);
      start[cellOf[j] + 1]++;
    }
    for (let c = 0; c < cells; c++) start[c + 1] += start[c];
    const fill = start.slice(0, cells);
    const items = new Int32Array(count);
    for (let j = 0; j < count; j++) items[fill[cellOf[j]]++] = id(j);
    this.start = start;
    this.items = items;
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.x0) / this.cell)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.y0) / this.cell)));
  }

  private cellAt(x: number, y: number): number {
    return this.row(y) * this.cols + this.col(x);
  }

  /**
   * The indexed point nearest (x, y) within `radius` (data units), or -1. With `sx`/`sy` the
   * distance is measured in screen units (dx·sx, dy·sy), so a stretched axis does not skew it.
   */
  nearest(x: number, y: number, radius: number, sx = 1, sy = 1): number {
    const { xy, start, items } = this;
    let best = -1;
    let bestD = radius * radius;
    // Cells within the radius along each axis (in data units).
    const rx = radius / sx;
    const ry = radius / sy;
    const c0 = this.col(x - rx);
    const c1 = this.col(x + rx);
    const r0 = this.row(y - ry);
    const r1 = this.row(y + ry);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.cols + c;
        for (let p = start[cell]; p < start[cell + 1]; p++) {
          const i = items[p];
          const dx = (xy[i * 2] - x) * sx;
          const dy = (xy[i * 2 + 1] - y) * sy;
          const d = dx * dx + dy * dy;
          if (d <= bestD) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}
