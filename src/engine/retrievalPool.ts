/**
 * One worker per core, each holding a slice of every large bank (retrievalSlices.ts adds their
 * counts and merges their top lists). The retrieval worker's own thread only coordinates.
 */
import { callOptions, type Remote } from '../lib/worker-rpc';
import type { SearchRequest, SearchResult } from './retrievalTypes';
import type { BankRows } from './retrievalWasm';
import type { RankBuild } from './retrievalWasmBuild';
import type { RankSlice } from './retrievalSlices';
import type { SliceApi } from './retrievalSliceApi';
import type { RunContext } from './session';

/**
 * A bank of this many values (m × d) or more is sliced over the pool. Below it one thread answers
 * before a pool's messages would; above it a whole split's ranks take seconds in one thread (the
 * 20k × 384 stream: 4.6 s alone, bench/README.md), and the cores share them.
 */
export const POOL_MIN_VALUES = 1 << 22;

/** Is a bank [m, d] big enough for the pool? */
export const poolsBank = (m: number, d: number) => m * d >= POOL_MIN_VALUES;

/**
 * Up to this many values every worker holds the whole bank and answers a share of the windows
 * (retrievalSlices.ts searchWindowShares: no window's set-up done twice); past it each holds a
 * slice of the rows, so the bank's int8 form exists once (16M values: 16 MB of int8 per worker).
 */
export const WHOLE_BANK_MAX_VALUES = 1 << 24;

/** Rows [from, to) of a bank: shared when the bits live in a SharedArrayBuffer, else a copy of just them. */
function sliceOf(rows: BankRows, from: number, to: number, d: number): BankRows {
  if ('half' in rows) {
    const view = rows.half.subarray(from * d, to * d);
    const shared =
      typeof SharedArrayBuffer !== 'undefined' && rows.half.buffer instanceof SharedArrayBuffer;
    return { half: shared ? view : view.slice() };
  }
  return { float: rows.float.slice(from * d, to * d) };
}

export class RankPool {
  constructor(
    private readonly workers: Remote<SliceApi>[],
    /** banks up to this many values go whole to every worker (tests set 0 to slice rows) */
    private readonly wholeMaxValues = WHOLE_BANK_MAX_VALUES,
  ) {}

  get size(): number {
    return this.workers.length;
  }

  /**
   * Send each worker its slice of the bank [m, d] under `key`, or, up to wholeMaxValues, the whole
   * bank to each (`whole`); resolves to the slices.
   */
  async setBank(
    key: string,
    rows: BankRows,
    m: number,
    d: number,
    build: RankBuild,
  ): Promise<{ slices: RankSlice[]; whole: boolean }> {
    const whole = m * d <= this.wholeMaxValues;
    const per = whole ? m : Math.ceil(m / this.workers.length);
    const slices: RankSlice[] = [];
    await Promise.all(
      this.workers.map(async (w, p) => {
        const from = whole ? 0 : p * per;
        const to = Math.min(m, from + per);
        if (to <= from) return;
        const part = sliceOf(rows, from, to, d);
        const own = 'half' in part ? part.half.buffer : part.float.buffer;
        // a copy made for this worker goes to it whole (transferred); shared bits are not copied
        const transfer = own instanceof ArrayBuffer ? [own] : [];
        await w.setSlice(key, part, to - from, d, build, callOptions({ transfer }));
        slices[p] = { from, m: to - from, search: (req, ctx) => search(w, key, req, ctx) };
      }),
    );
    return { slices: slices.filter(Boolean), whole };
  }
}

/** A slice's search in its worker, with the caller's cancel and progress carried across. */
function search(
  w: Remote<SliceApi>,
  key: string,
  req: SearchRequest,
  ctx: RunContext = {},
): Promise<SearchResult> {
  const abort = new AbortController();
  if (ctx.cancelled) abort.abort();
  const poll = setInterval(() => ctx.cancelled && abort.abort(), 50);
  const onProgress = ctx.progress;
  return w
    .search(key, req, callOptions({ signal: abort.signal, onProgress }))
    .finally(() => clearInterval(poll));
}
