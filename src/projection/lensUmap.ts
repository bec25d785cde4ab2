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

// Math.pow dominated the SGD loop (two calls per sample pair). The two gradient coefficients
// depend on d² alone, so they are tabulated once per layout on a log scale read straight from
// the float's bits (exponent + 8 mantissa bits = 256 steps per octave) and interpolated linearly
// within a step: relative error well below 1e-4 over d² in [2^-24, 2^24).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const SHIFT = 15;
const LO_BITS = (127 - 24) << (23 - SHIFT);
const HI_BITS = (127 + 24) << (23 - SHIFT);
const STEP = 1 << SHIFT;

/** Coefficient tables indexed by the top bits of float32(d²). */
export class GradientTables {
  readonly attract: Float64Array;
  readonly repulse: Float64Array;

  constructor(
    readonly a: number,
    readonly b: number,
  ) {
    const size = HI_BITS - LO_BITS + 1;
    this.attract = new Float64Array(size);
    this.repulse = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      u32[0] = (i + LO_BITS) << SHIFT;
      const d2 = f32[0];
      this.attract[i] = this.attractExact(d2);
      this.repulse[i] = this.repulseExact(d2);
    }
  }

  /** -2ab d^(2(b-1)) / (1 + a d^(2b)), umap's attractive coefficient */
  attractExact(d2: number): number {
    const pb = Math.pow(d2, this.b);
    return (-2 * this.a * this.b * (pb / d2)) / (this.a * pb + 1);
  }

  /** 2γb / ((0.001 + d²)(1 + a d^(2b))), umap's repulsive coefficient */
  repulseExact(d2: number): number {
    return (2 * REPULSION * this.b) / ((0.001 + d2) * (this.a * Math.pow(d2, this.b) + 1));
  }
}

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
  private readonly tables: GradientTables;
  private readonly n: number;
  private readonly random: () => number;

  constructor(graph: KnnGraph, params: LayoutParams) {
    this.n = graph.n;
    this.nEpochs = params.nEpochs;
    this.random = seededRandom(params.seed);
    const edges = fuzzySimplicialSet(graph);
    let max = 0;
    for (let e = 0; e < edges.weight.length; e++) max = Math.max(max, edges.weight[e]);
    // Edges too weak to be sampled once in nEpochs are dropped, as umap does.
    let kept = 0;
    for (let e = 0; e < edges.weight.length; e++) if (edges.weight[e] >= max / this.nEpochs) kept++;
    this.head = new Int32Array(kept);
    this.tail = new Int32Array(kept);
    this.epochsPerSample = new Float64Array(kept);
    for (let e = 0, w = 0; e < edges.weight.length; e++) {
      if (edges.weight[e] < max / this.nEpochs) continue;
      this.head[w] = edges.head[e];
      this.tail[w] = edges.tail[e];
      this.epochsPerSample[w++] = max / edges.weight[e];
    }
    this.nextSample = this.epochsPerSample.slice();
    this.epochsPerNegative = this.epochsPerSample.map((v) => v / NEGATIVE_SAMPLE_RATE);
    this.nextNegative = this.epochsPerNegative.slice();
    const { a, b } = findABParams(params.spread, params.minDist);
    this.tables = new GradientTables(a, b);
    this.embedding = new Float32Array(this.n * 2);
    for (let i = 0; i < this.embedding.length; i++) this.embedding[i] = this.random() * 20 - 10;
  }

  step(): boolean {
    if (this.epoch >= this.nEpochs) return false;
    const { head, tail, embedding: y, tables, n, random } = this;
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
        const coeff = lookup(tables.attract, dist2, tables, true);
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
          const coeff = lookup(tables.repulse, dist2, tables, false);
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

/** A gradient coefficient for d² from the tables (exact outside their range). */
export function lookupCoefficient(tables: GradientTables, d2: number, attract: boolean): number {
  return lookup(attract ? tables.attract : tables.repulse, d2, tables, attract);
}

function lookup(table: Float64Array, d2: number, exact: GradientTables, attract: boolean): number {
  f32[0] = d2;
  const bits = u32[0];
  const i = (bits >>> SHIFT) - LO_BITS;
  if (i < 0 || i >= table.length - 1) {
    return attract ? exact.attractExact(d2) : exact.repulseExact(d2);
  }
  const t = (bits & (STEP - 1)) / STEP;
  return table[i] + (table[i + 1] - table[i]) * t;
}

function clip(v: number): number {
  return v > CLIP ? CLIP : v < -CLIP ? -CLIP : v;
}
