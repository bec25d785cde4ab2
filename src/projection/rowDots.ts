import { ROW_DOTS_WASM } from './rowDotsWasm';

/** Bytes in one page of WebAssembly memory, and the most pages a 32-bit memory may have. */
const PAGE = 65_536;
const MAX_PAGES = 65_536;

let compiled: WebAssembly.Module | null = null;

function rowDotsModule(): WebAssembly.Module {
  if (!compiled) {
    const bin = atob(ROW_DOTS_WASM);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

interface RowDotsExports {
  dots(q: number, ids: number, m: number, stride: number, out: number): void;
}

/**
 * Dot products of a row with many rows of a [n, dim] float32 matrix, in WebAssembly SIMD
 * (rowDots.wat): a copy of the rows, zero-padded to a multiple of 8 floats, lives in the module's
 * memory, with a buffer of `capacity` row ids and one of scores after it. The Map's kNN refinement
 * of 100,000 points took 12.3 s with it against 23.8 s with a scalar JS loop (bench/README.md).
 * Fill `ids` with up to `capacity` row indices, then `dots(q, m)` returns the m scores.
 */
export class RowDots {
  /** row ids to score against; fill the first m before calling dots */
  readonly ids: Int32Array;
  private readonly scores: Float32Array;
  private readonly run: RowDotsExports['dots'];
  private readonly stride: number;
  private readonly idsAt: number;
  private readonly scoresAt: number;

  constructor(points: Float32Array, n: number, dim: number, capacity: number) {
    const padded = Math.ceil(dim / 8) * 8;
    this.stride = padded * 4;
    this.idsAt = n * this.stride;
    this.scoresAt = this.idsAt + capacity * 4;
    const bytes = this.scoresAt + capacity * 4;
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES)
      throw new RangeError(
        `${n.toLocaleString()} × ${dim} points need ${(bytes / 1e9).toFixed(1)} GB of WebAssembly memory; at most ${((MAX_PAGES * PAGE) / 1e9).toFixed(1)} GB fit`,
      );
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const rows = new Float32Array(memory.buffer, 0, n * padded);
    if (padded === dim) rows.set(points.subarray(0, n * dim));
    else for (let i = 0; i < n; i++) rows.set(points.subarray(i * dim, (i + 1) * dim), i * padded);
    const instance = new WebAssembly.Instance(rowDotsModule(), { env: { memory } });
    this.run = (instance.exports as unknown as RowDotsExports).dots;
    this.ids = new Int32Array(memory.buffer, this.idsAt, capacity);
    this.scores = new Float32Array(memory.buffer, this.scoresAt, capacity);
  }

  /** row(q) · row(ids[j]) for j < m (a view, valid until the next call). */
  dots(q: number, m: number): Float32Array {
    this.run(q, this.idsAt, m, this.stride, this.scoresAt);
    return this.scores.subarray(0, m);
  }
}
