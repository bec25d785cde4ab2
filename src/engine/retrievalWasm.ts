/**
 * Exact ranks and top-k on our own WebAssembly kernel (kernels/rankInt8.wat): an int8 pass over the
 * whole bank decides most rows with a proven error bound (retrievalQuantize.ts), and only the rows
 * it cannot decide are rescored exactly, in the same module (float64, fixed lane order). The bank
 * is quantised into WebAssembly memory once (the constructor), never per call; the rows as stored
 * (float16 bits or float32) are not copied there: each row rescored is copied into a one-row slot
 * first, so a float16 bank in a SharedArrayBuffer is held once, by the dataset, for every worker.
 * Ranks follow docs/metrics.md; results are unpacked by retrievalResult.ts, as for every kernel.
 */
import { halfToFloatTable } from '../data/ndarray';
import { CancelledError } from '../lib/worker-rpc';
import type { ValueGroups } from '../data/valueGroups';
import {
  padDim,
  quantBytes,
  quantiseQuery,
  quantiseRows,
  type QuantRows,
} from './retrievalQuantize';
import type { SearchRequest, SearchResult } from './retrievalTypes';
import { keepBest, unpackRow } from './retrievalResult';
import { RANK_WASM, wasmRankSupport, type RankBuild } from './retrievalWasmBuild';
import { answerGroup, groupRepeatedQueries } from './retrievalRepeats';
import { align, searchLayout, type RankExports } from './retrievalWasmLayout';
import { planSearch } from './searchPlan';
import type { RunContext } from './session';

/** Queries per scan call (a multiple of 4) and bank rows per call (even; they stay in cache). */
export const QUERY_BLOCK = 64;
export const ROW_CHUNK = 512;
/** Longest stretch of work between two turns of the event loop. */
const YIELD_MS = 50;

/** A bank's rows as stored: float16 bits (kept so, never widened whole) or float32 values. */
export type BankRows = { half: Uint16Array } | { float: Float32Array };

export interface SearchStats {
  /** (query, row) pairs the int8 pass saw, and how many of them were rescored exactly */
  pairs: number;
  rescored: number;
  /** of those, the ones whose interval held the target's score (the rest could enter the top list) */
  straddled: number;
  /** windows answered from a query vector scored once for all its windows (retrievalRepeats.ts) */
  shared: number;
}

/** A bank held by the kernel: its int8 rows live in the module's memory, its stored rows where they are. */
export class WasmRankBank {
  readonly kind: RankBuild;
  readonly q: QuantRows;
  private readonly memory: WebAssembly.Memory;
  private readonly x: RankExports;
  private readonly metaAt: number;
  /** the one-row slot a row is copied to for its exact score, and a view of it */
  private readonly rowAt: number;
  private slot: Uint16Array | Float32Array;
  private readonly freeAt: number;
  /** what the last search saw (the bench reports the fraction rescored) */
  stats: SearchStats = { pairs: 0, rescored: 0, straddled: 0, shared: 0 };

  constructor(
    private readonly rows: BankRows,
    readonly m: number,
    readonly d: number,
    readonly groups: ValueGroups,
    kind: RankBuild | null = wasmRankSupport(),
  ) {
    if (!kind) throw new Error('This engine has no WebAssembly SIMD');
    this.kind = kind;
    const bytes = quantBytes(m, d);
    const dp = bytes.rows / (m + (m % 2));
    this.metaAt = bytes.rows;
    this.rowAt = align(bytes.rows + bytes.meta);
    this.freeAt = align(this.rowAt + dp * 4);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((this.freeAt + 1) / 65536) });
    const module = new WebAssembly.Module(RANK_WASM[kind]);
    this.x = new WebAssembly.Instance(module, { env: { memory: this.memory } })
      .exports as unknown as RankExports;
    this.slot = this.slotView();
    if ('half' in rows) {
      const table = halfToFloatTable();
      const bits = rows.half;
      this.q = quantiseRows(
        (j, out) => {
          for (let i = 0, o = j * d; i < d; i++, o++) out[i] = table[bits[o]];
        },
        m,
        d,
        this.memory.buffer,
      );
    } else {
      const values = rows.float;
      this.q = quantiseRows(
        (j, out) => out.set(values.subarray(j * d, (j + 1) * d)),
        m,
        d,
        this.memory.buffer,
      );
    }
  }

  /** Bytes of WebAssembly memory the kernel holds for this bank (int8 rows, their terms, buffers). */
  get heldBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** The row slot over the memory as it is now (growing the memory detaches older views). */
  private slotView(): Uint16Array | Float32Array {
    const buf = this.memory.buffer;
    const dp = padDim(this.d);
    // zero padding past d stays zero: only the first d values are ever written
    return 'half' in this.rows
      ? new Uint16Array(buf, this.rowAt, dp)
      : new Float32Array(buf, this.rowAt, dp);
  }

  /** Σ q_i w_j,i of the query at byte `qAt` (float32, dp values) with bank row j, times 1/|w_j|. */
  private exact(qAt: number, j: number): number {
    const { dp } = this.q;
    const { d } = this;
    if (this.slot.buffer !== this.memory.buffer) this.slot = this.slotView();
    let raw: number;
    if ('half' in this.rows) {
      this.slot.set(this.rows.half.subarray(j * d, (j + 1) * d));
      raw = this.x.exact_h(qAt, this.rowAt, dp);
    } else {
      this.slot.set(this.rows.float.subarray(j * d, (j + 1) * d));
      raw = this.x.exact_f(qAt, this.rowAt, dp);
    }
    return raw * this.q.inv[j];
  }

  /** The exact score every rank compares: query row i of `queries` against bank row j. */
  score(queries: Float32Array, i: number, j: number): number {
    const at = searchLayout(this.memory, this.freeAt, this.q.dp, 1, 1, ROW_CHUNK).qf;
    this.putQuery(queries, i, at);
    return this.exact(at, j);
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
    const QB = QUERY_BLOCK;
    const L = searchLayout(this.memory, this.freeAt, this.q.dp, QB, T, ROW_CHUNK);
    const mem = this.memory.buffer;
    const qs = new Uint8Array(mem, L.qs, QB * 2 * dp);
    const qp = new Float64Array(mem, L.qp, QB * 8);
    const lbs = new Float64Array(mem, L.lbs, QB * T);
    const greater = new Int32Array(mem, L.greater, QB);
    const cand = new Int32Array(mem, L.cand, QB * ROW_CHUNK);
    const ccount = new Int32Array(mem, L.ccount, QB);
    this.x.state(L.lbs, T, L.greater, L.cand, L.ccount, ROW_CHUNK);
    const stats: SearchStats = { pairs: 0, rescored: 0, straddled: 0, shared: 0 };
    const ctxScores = new Float64Array(n * kk);
    result.exactTopScores = new Float64Array(n * result.top);
    let yielded = performance.now();
    const turn = async () => {
      if (ctx.cancelled) throw new CancelledError();
      if (performance.now() - yielded > YIELD_MS) {
        // let the worker read a cancel message (the scan itself never waits)
        await new Promise((resolve) => setTimeout(resolve, 0));
        yielded = performance.now();
      }
    };
    const { shared, rest } = groupRepeatedQueries(req.queries, n, d);
    let done = 0;
    for (const group of shared) {
      // one exact pass for every window of the group (retrievalRepeats.ts)
      this.putQuery(req.queries, group[0], L.qf);
      await answerGroup(group, req, result, {
        m,
        t: T,
        ctxIdx,
        ctxScores,
        kk,
        score: (j) => this.exact(L.qf, j),
        targetScore: (row) => this.targetScore(req, row, L.qf, L.scratch),
        turn,
      });
      stats.pairs += group.length * m;
      stats.rescored += m;
      stats.shared += group.length;
      ctx.progress?.((done += group.length), n);
    }
    for (let start = 0; start < rest.length; start += QB) {
      await turn();
      const b = Math.min(QB, rest.length - start);
      const ng = Math.ceil(b / 4);
      const targetScore = new Float64Array(b);
      for (let i = 0; i < ng * 4; i++) {
        if (i < b) {
          const row = rest[start + i];
          this.putQuery(req.queries, row, L.qf + i * dp * 4);
          targetScore[i] = this.targetScore(req, row, L.qf + i * dp * 4, L.scratch);
          const p = quantiseQuery(req.queries, row * d, d, dp, qs, 2 * i * dp);
          const [norm, fw, f] = [p.norm, p.fWide, p.f].map((x) => x * boundScale);
          qp.set([p.beta, p.beta / 126, norm, fw, f, targetScore[i]], i * 8);
          lbs.fill(-Infinity, i * T, (i + 1) * T);
        } else {
          // padding: nothing is above +inf, and nothing reaches a threshold of +inf
          qs.fill(64, 2 * i * dp, 2 * (i + 1) * dp);
          qp.set([0, 0, 0, 0, 0, Infinity], i * 8);
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
        this.x.scan(0, this.metaAt, from, to, dp, L.qs, L.qp, ng);
        for (let i = 0; i < b; i++) {
          const qAt = L.qf + i * dp * 4;
          for (let c = 0; c < ccount[i]; c++) {
            const code = cand[i * ROW_CHUNK + c];
            const j = code < 0 ? ~code : code;
            const s = this.exact(qAt, j);
            if (code < 0) {
              stats.straddled++;
              if (s > targetScore[i]) extra[i]++;
            }
            topIds[i].push(j);
            topScores[i].push(s);
          }
          stats.rescored += ccount[i];
          if (topIds[i].length > 4 * T + ROW_CHUNK) keepBest(topIds[i], topScores[i], T);
        }
        stats.pairs += b * (to - from);
      }
      for (let i = 0; i < b; i++) {
        const row = rest[start + i];
        keepBest(topIds[i], topScores[i], T);
        for (let a = 0; a < kk; a++) {
          const e = ctxIdx[row * kk + a];
          if (e >= 0) ctxScores[row * kk + a] = this.exact(L.qf + i * dp * 4, e);
        }
        unpackRow(result, row, req.targetIndex[row], {
          greater: greater[i] + extra[i],
          targetScore: targetScore[i],
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
      ctx.progress?.((done += b), n);
    }
    this.stats = stats;
    result.wallMs = performance.now() - t0;
    return result;
  }

  /** Query row i as float32 at byte `at`, zero padded to dp. */
  private putQuery(queries: Float32Array, i: number, at: number): void {
    const { d } = this;
    const out = new Float32Array(this.memory.buffer, at, this.q.dp);
    out.fill(0);
    out.set(queries.subarray(i * d, (i + 1) * d));
  }

  /** The target's exact score: its bank row, or its own vector (scored as a float32 row) when not in the bank. */
  private targetScore(req: SearchRequest, row: number, qAt: number, scratch: number): number {
    const t = req.targetIndex[row];
    if (t >= 0) return this.exact(qAt, t);
    if (!req.targets)
      throw new Error(`Window ${row} has no target in the bank and no target vector`);
    const { d } = this;
    const v = req.targets.subarray(row * d, (row + 1) * d);
    let vv = 0;
    for (let x = 0; x < d; x++) vv += v[x] * v[x];
    const out = new Float32Array(this.memory.buffer, scratch, this.q.dp);
    out.fill(0);
    out.set(v);
    return this.x.exact_f(qAt, scratch, this.q.dp) * (vv > 0 ? 1 / Math.sqrt(vv) : 0);
  }
}
