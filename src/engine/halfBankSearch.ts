/**
 * Exact ranks and top-k over a bank kept as float16 bits (a `<f2` file stays 2 bytes a value in
 * memory): the bank is widened to float32 one chunk at a time and scored by
 * public/kernels/retrieval_chunk.onnx. Each window's target row and excluded rows are appended
 * after the chunk, so their scores come out of the same matrix product as the chunk's and exact
 * ties stay ties (docs/metrics.md); greater counts add up over chunks, top lists are merged.
 */
import type * as Ort from 'onnxruntime-web';
import { halfToFloatTable } from '../data/ndarray';
import type { ValueGroups } from '../data/valueGroups';
import { CancelledError } from '../lib/worker-rpc';
import type { SearchRequest, SearchResult } from './retrievalTypes';
import { planSearch } from './searchPlan';
import { unpackRow } from './retrievalResult';
import type { RunContext } from './session';
import type { Backend } from './types';

export interface HalfBank {
  /** [m, d] float16 bits as loaded */
  bits: Uint16Array;
  /** [m] 1 / |row| of each widened row (0 for a zero row) */
  invNorms: Float32Array;
  groups: ValueGroups;
  m: number;
  d: number;
}

/** Bank rows widened per chunk: 16k rows of 768-D are 50 MB of float32, whatever the bank size. */
export const CHUNK_ROWS = 16384;
/** Queries per kernel call: small, as every query is also scored against the appended rows. */
export const QUERY_BLOCK = 128;

/** 1 / |row| for every widened row, computed as normalizeRows does (so scaled rows match it bit for bit). */
export function halfInvNorms(bits: Uint16Array, m: number, d: number): Float32Array {
  const table = halfToFloatTable();
  const out = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0, o = i * d; j < d; j++, o++) {
      const v = table[bits[o]];
      s += v * v;
    }
    const norm = Math.sqrt(s);
    out[i] = norm > 0 ? 1 / norm : 0;
  }
  return out;
}

/** Rows [from, from + count) of the bank, widened and scaled to unit length, into `out` at row `at`. */
function widenRows(bank: HalfBank, from: number, count: number, out: Float32Array, at: number) {
  const table = halfToFloatTable();
  const { bits, d, invNorms } = bank;
  for (let r = 0; r < count; r++) {
    const inv = invNorms[from + r];
    const src = (from + r) * d;
    const dst = (at + r) * d;
    for (let j = 0; j < d; j++) out[dst + j] = table[bits[src + j]] * inv;
  }
}

/** Merge a sorted chunk list into a sorted running list (ties: the earlier, lower index first). */
function mergeTop(
  vals: Float32Array,
  idx: Int32Array,
  fill: number,
  cv: Float32Array,
  ci: BigInt64Array,
  co: number,
  cn: number,
  offset: number,
  keep: number,
): number {
  const mv = new Float32Array(keep);
  const mi = new Int32Array(keep);
  let a = 0;
  let b = 0;
  let o = 0;
  while (o < keep && (a < fill || b < cn)) {
    if (b >= cn || (a < fill && vals[a] >= cv[co + b])) {
      mv[o] = vals[a];
      mi[o++] = idx[a++];
    } else {
      mv[o] = cv[co + b];
      mi[o++] = offset + Number(ci[co + b]);
      b++;
    }
  }
  vals.set(mv.subarray(0, o));
  idx.set(mi.subarray(0, o));
  return o;
}

/** Top-k and exact ranks of every query against a float16 bank, chunk by chunk. */
export async function searchHalfBank(
  ort: typeof Ort,
  session: Ort.InferenceSession,
  backend: Backend,
  bank: HalfBank,
  req: SearchRequest,
  ctx: RunContext = {},
  { chunkRows = CHUNK_ROWS, queryBlock = QUERY_BLOCK } = {},
): Promise<SearchResult> {
  const t0 = performance.now();
  const { n } = req;
  const { m, d } = bank;
  const { exclusions, kk, t, result } = planSearch(req, bank, backend);
  const greater = new Float64Array(n);
  const ctxScores = new Float32Array(n * kk);
  const runVals = Array.from({ length: n }, () => new Float32Array(t));
  const runIdx = Array.from({ length: n }, () => new Int32Array(t));
  const runFill = new Int32Array(n);
  const ctxIdx = exclusions.width ? exclusions.index : new Int32Array(n).fill(-1);
  const extra = queryBlock * (1 + kk);
  const rows = new Float32Array((chunkRows + extra) * d);
  const chunks = Math.ceil(m / chunkRows);
  for (let c = 0; c < chunks; c++) {
    const from = c * chunkRows;
    const count = Math.min(chunkRows, m - from);
    widenRows(bank, from, count, rows, 0);
    const valid = new ort.Tensor('int64', BigInt64Array.from([BigInt(count)]), [1]);
    const topT = new ort.Tensor('int64', BigInt64Array.from([BigInt(Math.min(t, count))]), [1]);
    for (let start = 0; start < n; start += queryBlock) {
      if (ctx.cancelled) throw new CancelledError();
      const b = Math.min(queryBlock, n - start);
      // appended: b target rows, then b * kk excluded rows (padding points at the target)
      const targetCol = new BigInt64Array(b);
      const contextCol = new BigInt64Array(b * kk);
      for (let i = 0; i < b; i++) {
        const row = start + i;
        const at = count + i;
        const ti = req.targetIndex[row];
        if (ti >= 0) widenRows(bank, ti, 1, rows, at);
        else if (req.targets) {
          // not in the bank: scored as the target vector itself (unit length, as bank rows are)
          let s = 0;
          for (let j = 0; j < d; j++) s += req.targets[row * d + j] ** 2;
          const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
          for (let j = 0; j < d; j++) rows[at * d + j] = req.targets[row * d + j] * inv;
        } else throw new Error(`Window ${row} has no target in the bank and no target vector`);
        targetCol[i] = BigInt(at);
        for (let a = 0; a < kk; a++) {
          const e = ctxIdx[row * kk + a];
          const col = count + b + i * kk + a;
          if (e >= 0) widenRows(bank, e, 1, rows, col);
          else rows.fill(0, col * d, (col + 1) * d);
          contextCol[i * kk + a] = BigInt(e >= 0 ? col : at);
        }
      }
      const used = count + b + b * kk;
      const out = await session.run({
        queries: new ort.Tensor('float32', req.queries.subarray(start * d, (start + b) * d), [
          b,
          d,
        ]),
        rows: new ort.Tensor('float32', rows.subarray(0, used * d), [used, d]),
        valid,
        target_col: new ort.Tensor('int64', targetCol, [b, 1]),
        context_col: new ort.Tensor('int64', contextCol, [b, kk]),
        top: topT,
      });
      const values = out.top_values.data as Float32Array;
      const indices = out.top_indices.data as BigInt64Array;
      const ts = out.target_score.data as Float32Array;
      const gc = out.greater_count.data as Float32Array;
      const cs = out.context_scores.data as Float32Array;
      const tc = Math.min(t, count);
      for (let i = 0; i < b; i++) {
        const row = start + i;
        greater[row] += Math.round(gc[i]);
        if (c === 0) {
          result.targetScores[row] = ts[i];
          ctxScores.set(cs.subarray(i * kk, (i + 1) * kk), row * kk);
        }
        runFill[row] = mergeTop(
          runVals[row],
          runIdx[row],
          runFill[row],
          values,
          indices,
          i * tc,
          tc,
          from,
          t,
        );
      }
      for (const o of Object.values(out)) o.dispose?.();
    }
    ctx.progress?.(c + 1, chunks);
  }
  // a target outside the bank is no bank entry: none of the chunk's rows is it
  for (let row = 0; row < n; row++)
    unpackRow(result, row, req.targetIndex[row], {
      greater: greater[row],
      targetScore: result.targetScores[row],
      ctxIdx,
      ctxScores,
      ctxOffset: row * kk,
      kk,
      topIds: runIdx[row],
      topScores: runVals[row],
      topOffset: 0,
      topCount: runFill[row],
    });
  result.wallMs = performance.now() - t0;
  return result;
}
