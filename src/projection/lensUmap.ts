import { findABParams, fuzzySimplicialSet } from './fuzzyGraph';
import { seededRandom } from './random';
import type { KnnGraph, LayoutParams } from './types';

/** A UMAP optimiser the worker steps one epoch at a time; `embedding` is [n, 2]. */
export interface SteppedLayout {
  readonly nEpochs: number;
  readonly epoch: number;
  readonly embedding: Float32Array;
  /** runs one epoch; false once all epochs are done */
  step(): boolean;
}

const NEGATIVE_SAMPLE_RATE = 5;
const REPULSION = 1;
const CLIP = 4;

/**
 * umap's SGD (optimize_layout_euclidean, as umap-js runs it: random init in [-10, 10], edges
 * sampled by weight, 5 negative samples, linear learning-rate decay) on flat typed arrays, which
 * is what makes it several times faster than umap-js's arrays of arrays. Deterministic per seed.
 */
export class LensUmap implements SteppedLayout {
  readonly nEpochs: number;
  readonly embedding: Float32Array;
  epoch = 0;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly epochsPerSample: Float64Array;
  private readonly nextSample: Float64Array;
  private readonly epochsPerNegative: Float64Array;
  private readonly nextNegative: Float64Array;
  private readonly a: number;
  private readonly b: number;
  private readonly n: number;
  private readonly random: () => number;

  constructor(graph: KnnGraph, params: LayoutParams) {
    this.n = graph.n;
    this.nEpochs = params.nEpochs;
    this.random = seededRandom(params.seed);
    const edges = fuzzySimplicialSet(graph);
    let max = 0;
    for (const w of edges.weight) max = Math.max(max, w);
    // Edges too weak to be sampled once in nEpochs are dropped, as umap does.
    const keep: number[] = [];
    for (let e = 0; e < edges.weight.length; e++) {
      if (edges.weight[e] >= max / this.nEpochs) keep.push(e);
    }
    this.head = Int32Array.from(keep, (e) => edges.head[e]);
    this.tail = Int32Array.from(keep, (e) => edges.tail[e]);
    this.epochsPerSample = Float64Array.from(keep, (e) => max / edges.weight[e]);
    this.nextSample = this.epochsPerSample.slice();
    this.epochsPerNegative = this.epochsPerSample.map((v) => v / NEGATIVE_SAMPLE_RATE);
    this.nextNegative = this.epochsPerNegative.slice();
    ({ a: this.a, b: this.b } = findABParams(params.spread, params.minDist));
    this.embedding = new Float32Array(this.n * 2);
    for (let i = 0; i < this.embedding.length; i++) this.embedding[i] = this.random() * 20 - 10;
  }

  step(): boolean {
    if (this.epoch >= this.nEpochs) return false;
    const { head, tail, embedding: y, a, b, n, random } = this;
    const { epochsPerSample, nextSample, epochsPerNegative, nextNegative } = this;
    const epoch = this.epoch;
    const alpha = 1 - epoch / this.nEpochs;
    for (let e = 0; e < head.length; e++) {
      if (nextSample[e] > epoch) continue;
      const j = head[e] * 2;
      const k = tail[e] * 2;
      let dx = y[j] - y[k];
      let dy = y[j + 1] - y[k + 1];
      let dist2 = dx * dx + dy * dy;
      if (dist2 > 0) {
        const pb = Math.pow(dist2, b);
        const coeff = (-2 * a * b * (pb / dist2)) / (a * pb + 1);
        const gx = clip(coeff * dx) * alpha;
        const gy = clip(coeff * dy) * alpha;
        y[j] += gx;
        y[j + 1] += gy;
        y[k] -= gx;
        y[k + 1] -= gy;
      }
      nextSample[e] += epochsPerSample[e];
      const negatives = Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e]);
      for (let p = 0; p < negatives; p++) {
        const other = Math.floor(random() * n) * 2;
        dx = y[j] - y[other];
        dy = y[j + 1] - y[other + 1];
        dist2 = dx * dx + dy * dy;
        if (dist2 > 0) {
          const coeff = (2 * REPULSION * b) / ((0.001 + dist2) * (a * Math.pow(dist2, b) + 1));
          y[j] += clip(coeff * dx) * alpha;
          y[j + 1] += clip(coeff * dy) * alpha;
        } else if (j !== other) {
          y[j] += CLIP * alpha;
          y[j + 1] += CLIP * alpha;
        }
      }
      nextNegative[e] += negatives * epochsPerNegative[e];
    }
    this.epoch++;
    return this.epoch < this.nEpochs;
  }
}

function clip(v: number): number {
  return v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
}
