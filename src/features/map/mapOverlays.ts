/** What the map draws over and under its points: cluster labels and the targets' density contours. */
import type { Annotation, Data } from 'plotly.js-dist-min';
import type { Dataset } from '../../data/types';
import { clusterTerms } from '../../metrics/tfidf';
import { autoClusterCount, kMeans } from '../../projection/kmeans';
import { MAP_COLOURS } from '../../components/colors';
import { KIND, type MapPoints } from './mapData';
import { escapeHtml } from './mapTraces';

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

/** One plotly annotation per labelled cluster, at its centroid; the words are escaped data. */
export function labelAnnotations(labels: ClusterLabel[]): Partial<Annotation>[] {
  return labels
    .filter((l) => l.words.length)
    .map((l) => ({
      x: l.x,
      y: l.y,
      xref: 'x',
      yref: 'y',
      text: `<b>${escapeHtml(l.words.join(' · '))}</b>`,
      hovertext: `${l.size} targets`,
      showarrow: false,
      font: { size: 12, color: MAP_COLOURS.target },
      bgcolor: 'rgba(255,255,255,0.75)',
      borderpad: 2,
    }));
}

/** A density contour of the drawn targets' layout, drawn under the points and never hovered. */
export function densityTrace(
  points: MapPoints,
  embedding: Float32Array,
  shown?: Uint8Array,
): Data | null {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < points.n; i++)
    if (points.kind[i] === KIND.target && (!shown || shown[i])) {
      x.push(embedding[i * 2]);
      y.push(embedding[i * 2 + 1]);
    }
  if (x.length < 3) return null;
  return {
    type: 'histogram2dcontour',
    name: 'target density',
    x,
    y,
    ncontours: 8,
    colorscale: 'Greys',
    // Greys runs black → white: reversed, empty space stays white and dense areas darken.
    reversescale: true,
    showscale: false,
    contours: { coloring: 'fill', showlines: false },
    opacity: 0.35,
    hoverinfo: 'skip',
    showlegend: true,
  } as Data;
}
