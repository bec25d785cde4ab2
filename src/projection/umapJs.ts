import { UMAP } from 'umap-js';
import type { SteppedLayout } from './lensUmap';
import { seededRandom } from './random';
import type { KnnGraph, LayoutParams } from './types';

/** umap-js behind the same stepping interface, fed our exact kNN graph (the fallback engine). */
export class UmapJsLayout implements SteppedLayout {
  readonly nEpochs: number;
  epoch = 0;
  private readonly umap: UMAP;
  private readonly out: Float32Array;

  constructor(graph: KnnGraph, params: LayoutParams) {
    const { n, k, indices, distances } = graph;
    this.umap = new UMAP({
      nComponents: 2,
      nNeighbors: k,
      minDist: params.minDist,
      spread: params.spread,
      nEpochs: params.nEpochs,
      random: seededRandom(params.seed),
    });
    const rows: number[][] = [];
    const dists: number[][] = [];
    for (let i = 0; i < n; i++) {
      rows.push(Array.from(indices.subarray(i * k, (i + 1) * k)));
      dists.push(Array.from(distances.subarray(i * k, (i + 1) * k)));
    }
    this.umap.setPrecomputedKNN(rows, dists);
    // umap-js reads only the row count of X once the kNN graph is given.
    this.nEpochs = this.umap.initializeFit(Array.from({ length: n }, () => []));
    this.out = new Float32Array(n * 2);
  }

  get embedding(): Float32Array {
    const rows = this.umap.getEmbedding();
    for (let i = 0; i < rows.length; i++) {
      this.out[i * 2] = rows[i][0];
      this.out[i * 2 + 1] = rows[i][1];
    }
    return this.out;
  }

  step(): boolean {
    if (this.epoch >= this.nEpochs) return false;
    this.umap.step();
    this.epoch++;
    return this.epoch < this.nEpochs;
  }
}
