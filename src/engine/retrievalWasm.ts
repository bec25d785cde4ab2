/**
 * Exact ranks and top-k on our own WebAssembly kernel (kernels/rankInt8.wat): an int8 pass over the
 * whole bank decides most rows with a proven error bound (retrievalQuantize.ts), and only the rows
 * it cannot decide are rescored exactly. The bank is quantised and copied into WebAssembly memory
 * once (setBank), never per call. Ranks follow docs/metrics.md; results are unpacked by
 * retrievalResult.ts, as for every kernel.
 */
import { CancelledError } from '../lib/worker-rpc';
import type { ValueGroups } from '../metrics/valueGroups';
import {
  exactScore,
  quantiseQuery,
  quantiseRows,
  type QuantRows,
  type RowReader,
} from './retrievalQuantize';
import type { SearchRequest, SearchResult } from './retrievalTypes';
import { unpackRow } from './retrievalResult';
import { RANK_WASM, wasmRankSupport, type RankBuild } from './retrievalWasmBuild';
import { planSearch } from './searchPlan';
import type { RunContext } from './session';

/** Queries per scan call (a multiple of 4) and bank rows per call (even; they stay in cache). */
export const QUERY_BLOCK = 64;
export const ROW_CHUNK = 512;
/** Longest stretch of work between two turns of the event loop. */
const YIELD_MS = 50;

interface Exports {
  state(lbs: number, T: number, greater: number, cand: number, ccount: number, cap: number): void;
  scan(
    rows: number,
    meta: number,
    from: number,
    to: number,
    dp: number,
    qs: number,
    qp: number,
    ng: number,
  ): void;
}

export interface SearchStats {
  /** (query, row) pairs the int8 pass saw, and how many of them were rescored exactly */
  pairs: number;
  rescored: number;
}

/** A bank held by the int8 kernel: its quantised rows live in the module's memory. */
export class WasmRankBank {
  readonly kind: RankBuild;
  readonly q: QuantRows;
  private readonly memory: WebAssembly.Memory;
  private readonly exports: Exports;
  private readonly metaAt: number;
  private readonly freeAt: number;
  /** what the last search saw (for the bench's fraction rescored) */
  stats: SearchStats = { pairs: 0, rescored: 0 };

  constructor(
    readonly read: RowReader,
    readonly m: number,
    readonly d: number,
    readonly groups: ValueGroups,
    kind: RankBuild | null = wasmRankSupport(),
  ) {
    if (!kind) throw new Error('This engine has no WebAssembly SIMD');
    this.kind = kind;
    this.q = quantiseRows(read, m, d);
    const rowBytes = this.q.rows.byteLength;
    this.metaAt = rowBytes;
    this.freeAt = rowBytes + this.q.meta.byteLength;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((this.freeAt + 1) / 65536) });
    const module = new WebAssembly.Module(RANK_WASM[kind]);
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } })
      .exports as unknown as Exports;
    new Int8Array(this.memory.buffer, 0, this.q.rows.length).set(this.q.rows);
    new Float64Array(this.memory.buffer, this.metaAt, this.q.meta.length).set(this.q.meta);
  }

  /** Exact score of bank row j for query row i of `queries` (the score every rank compares). */
  score(queries: Float32Array, i: number, j: number, scratch: Float32Array): number {
    return exactScore(queries, i * this.d, this.read, j, this.q.inv[j], this.d, scratch);
  }

  /** Top-k and ranks of every query (see the file header). */
  async search(
    req: SearchRequest,
    ctx: RunContext = {},
    { boundScale = 1 } = {},
  ): Promise<SearchResult> {
    const t0 = performance.now();
    const { n } = req;
    const { m, d } = this;
    const { dp } = this.q;
    const { exclusions, kk, t: T, result } = planSearch(req, this, 'wasm');
    const ctxIdx = exclusions.width ? exclusions.index : new Int32Array(n).fill(-1);
    const scratch = new Float32Array(d);
    const targetScore = this.targetScores(req, scratch);
    const QB = QUERY_BLOCK;
    const layout = this.layout(QB, T);
    const mem = this.memory.buffer;
    const qs = new Uint8Array(mem, layout.qs, QB * dp);
    const qp = new Float64Array(mem, layout.qp, QB * 4);
    const lbs = new Float64Array(mem, layout.lbs, QB * T);
    const greater = new Int32Array(mem, layout.greater, QB);
    const cand = new Int32Array(mem, layout.cand, QB * ROW_CHUNK);
    const ccount = new Int32Array(mem, layout.ccount, QB);
    this.exports.state(layout.lbs, T, layout.greater, layout.cand, layout.ccount, ROW_CHUNK);
    const stats: SearchStats = { pairs: 0, rescored: 0 };
    const ctxScores = new Float64Array(n * kk);
    const blocks = Math.ceil(n / QB);
    let yielded = performance.now();
    for (let blk = 0; blk < blocks; blk++) {
      if (performance.now() - yielded > YIELD_MS) {
        // let the worker read a cancel message (the scan itself never waits)
        await new Promise((resolve) => setTimeout(resolve, 0));
        yielded = performance.now();
      }
      const start = blk * QB;
      const b = Math.min(QB, n - start);
      const ng = Math.ceil(b / 4);
      for (let i = 0; i < ng * 4; i++) {
        if (i < b) {
          const p = quantiseQuery(req.queries, (start + i) * d, d, dp, qs, i * dp);
          qp.set([p.beta, p.norm * boundScale, p.f * boundScale, targetScore[start + i]], i * 4);
          lbs.fill(-Infinity, i * T, (i + 1) * T);
        } else {
          // padding: nothing is above +inf, and nothing reaches a threshold of +inf
          qs.fill(64, i * dp, (i + 1) * dp);
          qp.set([0, 0, 0, Infinity], i * 4);
          lbs.fill(Infinity, i * T, (i + 1) * T);
        }
      }
      greater.fill(0);
      const extra = new Int32Array(b);
      const topIds: number[][] = Array.from({ length: b }, () => []);
      const topScores: number[][] = Array.from({ length: b }, () => []);
      for (let from = 0; from < m; from += ROW_CHUNK) {
        if (ctx.cancelled) throw new CancelledError();
        const to = Math.min(m, from + ROW_CHUNK);
        ccount.fill(0);
        this.exports.scan(0, this.metaAt, from, to, dp, layout.qs, layout.qp, ng);
        for (let i = 0; i < b; i++) {
          const row = start + i;
          for (let c = 0; c < ccount[i]; c++) {
            const code = cand[i * ROW_CHUNK + c];
            const j = code < 0 ? ~code : code;
            const s = this.score(req.queries, row, j, scratch);
            if (code < 0 && s > targetScore[row]) extra[i]++;
            topIds[i].push(j);
            topScores[i].push(s);
          }
          stats.rescored += ccount[i];
          if (topIds[i].length > 4 * T + ROW_CHUNK) keepBest(topIds[i], topScores[i], T);
        }
        stats.pairs += b * (to - from);
      }
      for (let i = 0; i < b; i++) {
        const row = start + i;
        keepBest(topIds[i], topScores[i], T);
        for (let a = 0; a < kk; a++) {
          const e = ctxIdx[row * kk + a];
          if (e >= 0) ctxScores[row * kk + a] = this.score(req.queries, row, e, scratch);
        }
        unpackRow(result, row, req.targetIndex[row], {
          greater: greater[i] + extra[i],
          targetScore: targetScore[row],
          ctxIdx,
          ctxScores,
          ctxOffset: row * kk,
          kk,
          topIds: topIds[i],
          topScores: topScores[i],
          topOffset: 0,
          topCount: topIds[i].length,
        });
      }
      ctx.progress?.(start + b, n);
    }
    this.stats = stats;
    result.wallMs = performance.now() - t0;
    return result;
  }

  /** The exact score of each window's target: its bank row, or its own vector when not in the bank. */
  private targetScores(req: SearchRequest, scratch: Float32Array): Float64Array {
    const { d } = this;
    const out = new Float64Array(req.n);
    for (let i = 0; i < req.n; i++) {
      const t = req.targetIndex[i];
      if (t >= 0) out[i] = this.score(req.queries, i, t, scratch);
      else if (req.targets) {
        const targets = req.targets;
        let tt = 0;
        for (let x = 0; x < d; x++) tt += targets[i * d + x] * targets[i * d + x];
        const read: RowReader = (_, o) => o.set(targets.subarray(i * d, (i + 1) * d));
        out[i] = exactScore(
          req.queries,
          i * d,
          read,
          0,
          tt > 0 ? 1 / Math.sqrt(tt) : 0,
          d,
          scratch,
        );
      } else throw new Error(`Window ${i} has no target in the bank and no target vector`);
    }
    return out;
  }

  /** Per-search buffers after the bank, the memory grown to hold them. */
  private layout(QB: number, T: number) {
    const { dp } = this.q;
    const qs = align(this.freeAt);
    const qp = align(qs + QB * dp);
    const lbs = align(qp + QB * 32);
    const greater = align(lbs + QB * Math.max(T, 1) * 8);
    const ccount = align(greater + QB * 4);
    const cand = align(ccount + QB * 4);
    const end = cand + QB * ROW_CHUNK * 4;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / 65536));
    return { qs, qp, lbs, greater, ccount, cand };
  }
}

const align = (x: number) => Math.ceil(x / 16) * 16;

/** Sort candidates best first (ties: lower id) and keep the first `keep`, in place. */
function keepBest(ids: number[], scores: number[], keep: number): void {
  const order = ids.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || ids[a] - ids[b]);
  const ki = order.slice(0, keep).map((o) => ids[o]);
  const ks = order.slice(0, keep).map((o) => scores[o]);
  ids.length = 0;
  scores.length = 0;
  ids.push(...ki);
  scores.push(...ks);
}
