/** Shapes shared by the projection worker and the UI. */

/** Which optimiser lays out the graph: our typed-array UMAP, or umap-js (the fallback). */
export type LayoutEngine = 'lens' | 'umap-js';

export interface LayoutParams {
  /** neighbours per point, the point itself included (umap's n_neighbors) */
  nNeighbors: number;
  minDist: number;
  spread: number;
  nEpochs: number;
  seed: number;
}

export const DEFAULT_LAYOUT_PARAMS: LayoutParams = {
  nNeighbors: 15,
  minDist: 0.1,
  spread: 1,
  nEpochs: 200,
  seed: 42,
};

/** Exact k-nearest-neighbour graph in cosine geometry: row i lists i itself first (distance 0). */
export interface KnnGraph {
  n: number;
  k: number;
  /** [n, k] */
  indices: Int32Array;
  /** [n, k] cosine distances (1 - similarity), ascending per row */
  distances: Float32Array;
}

/** How the kNN graph is found: exact below the measured crossover, cluster-pruned above ('auto'). */
export type KnnMethodChoice = 'auto' | 'exact' | 'approx';
export type KnnMethod = Exclude<KnnMethodChoice, 'auto'>;

export interface LayoutRequest {
  /** unit-norm vectors [n, dim] */
  vectors: Float32Array;
  n: number;
  dim: number;
  params: LayoutParams;
  engine?: LayoutEngine;
  /** backend of the kNN kernel; 'js' runs the brute-force reference (tests, no ORT) */
  knnBackend?: 'wasm' | 'webgpu' | 'js';
  /** default 'auto' (chooseKnnMethod) */
  knn?: KnnMethodChoice;
}

export interface LayoutResult {
  /** [n, 2] */
  embedding: Float32Array;
  n: number;
  engine: LayoutEngine;
  knnBackend: string;
  knnMethod: KnnMethod;
  knnMs: number;
  layoutMs: number;
  /** true when the kNN graph came from the worker's cache */
  knnCached: boolean;
}
