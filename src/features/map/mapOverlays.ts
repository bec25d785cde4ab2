/** What the map draws over and under its points: cluster labels and the targets' density shading. */
import type { Dataset } from '../../data/types';
import { clusterTerms } from '../../metrics/tfidf';
import { autoClusterCount, kMeans } from '../../projection/kmeans';
import { KIND, type MapPoints } from './mapData';
import { boundsOf, type Bounds } from './viewport';

export interface ClusterLabel {
  /** centroid in layout coordinates */
  x: number;
  y: number;
  /** targets in the cluster */
  size: number;
  /** most distinctive words, best first (empty when the data has no texts) */
  words: string[];
}

/** Layout positions [n, 2] of the target points, and their bank rows. */
function targetLayout(points: MapPoints, embedding: Float32Array) {
  const xy: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < points.n; i++)
    if (points.kind[i] === KIND.target) {
      xy.push(embedding[i * 2], embedding[i * 2 + 1]);
      rows.push(points.row[i]);
    }
  return { xy, rows };
}

/**
 * Clusters the targets' 2-D layout with k-means (k = √(n/2), at most 12, seeded) and names each
 * cluster by the top TF-IDF words of its targets' sentences against the other clusters.
 */
export function clusterLabels(
  points: MapPoints,
  embedding: Float32Array,
  dataset: Dataset,
  seed = 1,
): ClusterLabel[] {
  const { xy, rows } = targetLayout(points, embedding);
  const n = rows.length;
  if (n === 0) return [];
  const km = kMeans(xy, n, autoClusterCount(n), seed);
  const texts = dataset.bank.texts;
  const terms = texts
    ? clusterTerms(
        rows.map((r) => (r >= 0 ? (texts[r] ?? '') : '')),
        km.assignment,
        km.k,
      )
    : [];
  return Array.from({ length: km.k }, (_, c) => ({
    x: km.centroids[c * 2],
    y: km.centroids[c * 2 + 1],
    size: km.sizes[c],
    words: terms[c]?.map((t) => t.term) ?? [],
  })).filter((l) => l.size > 0);
}

/** Targets' density on a grid over the layout: the shade of each cell, 0 (none) .. LEVELS. */
export interface DensityGrid {
  bounds: Bounds;
  cols: number;
  rows: number;
  /** [rows, cols], row 0 at the top (largest y) */
  level: Uint8Array;
}

/** Shades of the density: like a filled contour plot with this many levels. */
export const DENSITY_LEVELS = 8;

/**
 * The drawn targets' density for the map's underlay: a histogram on a grid of about `cells` cells
 * across, smoothed with a Gaussian (σ = 1.5 cells), cut into DENSITY_LEVELS even levels of its
 * peak. Null with fewer than three targets.
 */
export function densityGrid(
  points: MapPoints,
  embedding: Float32Array,
  shown?: Uint8Array,
  cells = 96,
): DensityGrid | null {
  const ids: number[] = [];
  for (let i = 0; i < points.n; i++)
    if (points.kind[i] === KIND.target && (!shown || shown[i])) ids.push(i);
  if (ids.length < 3) return null;
  const b = boundsOf(embedding, ids);
  const padX = (b.x1 - b.x0) * 0.1 || 1;
  const padY = (b.y1 - b.y0) * 0.1 || 1;
  const bounds = { x0: b.x0 - padX, x1: b.x1 + padX, y0: b.y0 - padY, y1: b.y1 + padY };
  const cell = Math.max(bounds.x1 - bounds.x0, bounds.y1 - bounds.y0) / cells;
  const cols = Math.max(1, Math.ceil((bounds.x1 - bounds.x0) / cell));
  const rows = Math.max(1, Math.ceil((bounds.y1 - bounds.y0) / cell));
  let grid = new Float32Array(cols * rows);
  for (const i of ids) {
    const c = Math.min(cols - 1, Math.floor((embedding[i * 2] - bounds.x0) / cell));
    const r = Math.min(rows - 1, Math.floor((bounds.y1 - embedding[i * 2 + 1]) / cell));
    grid[r * cols + c]++;
  }
  const kernel = [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((d) => Math.exp(-(d * d) / (2 * 1.5 ** 2)));
  // Separable blur: along rows, then along columns.
  for (const [step, len, lines, stride] of [
    [1, cols, rows, cols],
    [cols, rows, cols, 1],
  ]) {
    const out = new Float32Array(grid.length);
    for (let l = 0; l < lines; l++)
      for (let a = 0; a < len; a++) {
        let sum = 0;
        for (let d = -4; d <= 4; d++)
          if (a + d >= 0 && a + d < len) sum += grid[l * stride + (a + d) * step] * kernel[d + 4];
        out[l * stride + a * step] = sum;
      }
    grid = out;
  }
  let peak = 0;
  for (const v of grid) peak = Math.max(peak, v);
  const level = new Uint8Array(grid.length);
  for (let j = 0; j < grid.length; j++)
    level[j] = Math.min(DENSITY_LEVELS, Math.floor((grid[j] / peak) * DENSITY_LEVELS));
  return { bounds, cols, rows, level };
}
