/**
 * Exact cosine top-k and target ranks over a whole bank. Wherever WebAssembly SIMD runs, on our own
 * kernel (retrievalWasm.ts: an int8 pass with a proven bound, exact rescoring); elsewhere as blocked
 * matrix products on onnxruntime-web (public/kernels/retrieval.onnx, written by
 * scripts/make_kernels.py), kept only as that fallback: onnxruntime-web ships a non-SIMD WASM
 * build, so a browser without SIMD still gets ranks. Ranks follow docs/metrics.md; see
 * src/metrics/rank.ts for the plain-JS reference.
 */
import type * as Ort from 'onnxruntime-web';
import type { OrtFor } from './ort';
import { referenceRanks } from '../metrics/rank';
import { valueGroups, type ValueGroups } from '../data/valueGroups';
import { runInBatches, SerialQueue, type RunContext } from './session';
import { halfInvNorms, searchHalfBank, type HalfBank } from './halfBankSearch';
import { planSearch } from './searchPlan';
import { unpackRow } from './retrievalResult';
import { WasmRankBank, type BankRows } from './retrievalWasm';
import { poolsBank, type RankPool } from './retrievalPool';
import { searchSlices, searchWindowShares, type RankSlice } from './retrievalSlices';
import { halfToFloatTable } from '../data/ndarray';
import { wasmRankSupport, type RankBuild } from './retrievalWasmBuild';
import type { SearchRequest, SearchResult } from './retrievalTypes';
import type { Backend } from './types';

export type { SearchRequest, SearchResult } from './retrievalTypes';

/** Score-matrix cells per block: bounds memory to ~64 MB of scores whatever the bank size. */
const MAX_CELLS = 1 << 24;
const MAX_BLOCK = 256;

interface Bank {
  tensor: Ort.Tensor;
  vectors: Float32Array;
  groups: ValueGroups;
  m: number;
  d: number;
}

/** A large bank held by the pool's workers: one slice each, or each the whole bank (`whole`). */
interface Pooled {
  slices: RankSlice[];
  whole: boolean;
  groups: ValueGroups;
  m: number;
  d: number;
  rowValues: (j: number, out: Float32Array) => void;
}

export class RetrievalKernel {
  private banks = new Map<string, Bank | HalfBank | WasmRankBank | Promise<Pooled>>();
  private pool: RankPool | null | undefined;
  private readonly queue = new SerialQueue();

  constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession | null,
    readonly backend: Backend,
    /** public/kernels/retrieval_chunk.onnx, for banks kept as float16 */
    private readonly chunkSession?: Ort.InferenceSession,
    /** the WebAssembly kernel's build; null: onnxruntime scores */
    readonly wasm: RankBuild | null = null,
    /** workers for banks of POOL_MIN_VALUES values or more, started on first need (null: none) */
    private readonly makePool: () => RankPool | null = () => null,
  ) {}

  /**
   * Our WebAssembly kernel where this engine runs it (`wasm`, by default what it validates);
   * otherwise a kernel from the ONNX bytes (and the chunk kernel's) on the first backend that
   * initialises.
   */
  static async create(
    ortFor: OrtFor,
    bytes: Uint8Array,
    backends: Backend[] = ['wasm'],
    chunkBytes?: Uint8Array,
    wasm: RankBuild | null = wasmRankSupport(),
    makePool?: () => RankPool | null,
  ): Promise<RetrievalKernel> {
    if (wasm) return new RetrievalKernel(ortFor('wasm'), null, 'wasm', undefined, wasm, makePool);
    let last: unknown;
    for (const backend of backends) {
      try {
        const ort = ortFor(backend);
        const options = {
          executionProviders: [backend],
          graphOptimizationLevel: 'all',
        } as const;
        const session = await ort.InferenceSession.create(bytes, options);
        const chunk = chunkBytes && (await ort.InferenceSession.create(chunkBytes, options));
        return new RetrievalKernel(ort, session, backend, chunk || undefined);
      } catch (e) {
        last = e;
      }
    }
    throw last instanceof Error ? last : new Error('No backend could run the retrieval kernel');
  }

  /**
   * Keep a bank [m, d] under `key` (a few at most: the oldest is dropped). `groups` are the value
   * groups of the rows as loaded (before normalisation); by default, of `vectors` themselves.
   */
  setBank(
    key: string,
    vectors: Float32Array,
    m: number,
    d: number,
    groups: ValueGroups = valueGroups(vectors, m, d),
  ): void {
    if (vectors.length !== m * d)
      throw new Error(`Bank has ${vectors.length} values, not ${m}x${d}`);
    if (groups.first.length !== m)
      throw new Error(`Bank groups cover ${groups.first.length} rows, not ${m}`);
    this.banks.delete(key);
    if (this.wasm) {
      const rowValues = (j: number, out: Float32Array) =>
        out.set(vectors.subarray(j * d, (j + 1) * d));
      this.banks.set(key, this.wasmBank(key, { float: vectors }, m, d, groups, rowValues));
    } else {
      const tensor = new this.ort.Tensor('float32', vectors, [m, d]);
      this.banks.set(key, { tensor, vectors, groups, m, d });
    }
    while (this.banks.size > 3) this.banks.delete(this.banks.keys().next().value as string);
  }

  /**
   * Keep a bank of float16 bits [m, d] under `key` without widening it (half the memory of float32);
   * `groups` as for setBank, of the widened rows (the same as grouping the bits).
   */
  setHalfBank(key: string, bits: Uint16Array, m: number, d: number, groups: ValueGroups): void {
    if (!this.wasm && !this.chunkSession) throw new Error('The float16 bank kernel is not loaded');
    if (bits.length !== m * d) throw new Error(`Bank has ${bits.length} values, not ${m}x${d}`);
    if (groups.first.length !== m)
      throw new Error(`Bank groups cover ${groups.first.length} rows, not ${m}`);
    this.banks.delete(key);
    if (this.wasm) {
      // kept as float16 bits where they are (the kernel holds only its int8 rows): never widened
      const table = halfToFloatTable();
      const rowValues = (j: number, out: Float32Array) => {
        for (let i = 0, o = j * d; i < d; i++, o++) out[i] = table[bits[o]];
      };
      this.banks.set(key, this.wasmBank(key, { half: bits }, m, d, groups, rowValues));
    } else this.banks.set(key, { bits, invNorms: halfInvNorms(bits, m, d), groups, m, d });
    while (this.banks.size > 3) this.banks.delete(this.banks.keys().next().value as string);
  }

  /** The kernel for a bank: in this thread, or sliced over the pool's workers when it is large. */
  private wasmBank(
    key: string,
    rows: BankRows,
    m: number,
    d: number,
    groups: ValueGroups,
    rowValues: Pooled['rowValues'],
  ): WasmRankBank | Promise<Pooled> {
    if (poolsBank(m, d)) this.pool ??= this.makePool();
    if (!this.pool || !poolsBank(m, d)) return new WasmRankBank(rows, m, d, groups, this.wasm);
    const pooled = this.pool
      .setBank(key, rows, m, d, this.wasm!)
      .then((held) => ({ ...held, groups, m, d, rowValues }));
    pooled.catch(() => undefined); // surfaces on the search
    return pooled;
  }

  /** Top-k and ranks for every query, in blocks; runs are queued so calls never overlap. */
  search(key: string, req: SearchRequest, ctx: RunContext = {}): Promise<SearchResult> {
    return this.queue.run(() => this.searchNow(key, req, ctx));
  }

  private async searchNow(key: string, req: SearchRequest, ctx: RunContext): Promise<SearchResult> {
    const t0 = performance.now();
    const stored = await this.banks.get(key);
    if (!stored) throw new Error(`Bank "${key}" is not set`);
    if (stored instanceof WasmRankBank) return stored.search(req, ctx);
    if ('slices' in stored)
      return stored.whole
        ? searchWindowShares(stored.slices, stored, req, ctx)
        : searchSlices(stored.slices, stored, stored.rowValues, req, ctx);
    if ('bits' in stored)
      return searchHalfBank(this.ort, this.chunkSession!, this.backend, stored, req, ctx);
    const bank = stored;
    const { n } = req;
    const { m, d } = bank;
    const { exclusions, kk, t, result } = planSearch(req, bank, this.backend);
    const outside: number[] = [];
    const block = Math.max(1, Math.min(MAX_BLOCK, Math.floor(MAX_CELLS / Math.max(m, 1))));
    const topTensor = new this.ort.Tensor('int64', BigInt64Array.from([BigInt(t)]), [1]);
    await runInBatches(
      n,
      block,
      async (start, b) => {
        const tIdx = new BigInt64Array(b);
        const cIdx = new BigInt64Array(b * kk);
        const ctxIdx = exclusions.width
          ? exclusions.index.subarray(start * kk, (start + b) * kk)
          : new Int32Array(b).fill(-1);
        for (let i = 0; i < b; i++) {
          const target = req.targetIndex[start + i];
          if (target < 0) outside.push(start + i);
          const safe = target < 0 ? 0 : target;
          tIdx[i] = BigInt(safe);
          // Padding points at the target: its score is never strictly greater.
          for (let a = 0; a < kk; a++) {
            const c = ctxIdx[i * kk + a];
            cIdx[i * kk + a] = BigInt(c < 0 ? safe : c);
          }
        }
        const out = await this.session!.run({
          queries: new this.ort.Tensor(
            'float32',
            req.queries.subarray(start * d, (start + b) * d),
            [b, d],
          ),
          bank: bank.tensor,
          target_index: new this.ort.Tensor('int64', tIdx, [b, 1]),
          context_index: new this.ort.Tensor('int64', cIdx, [b, kk]),
          top: topTensor,
        });
        const values = out.top_values.data as Float32Array;
        const indices = out.top_indices.data as BigInt64Array;
        const targetScore = out.target_score.data as Float32Array;
        const greater = out.greater_count.data as Float32Array;
        const ctxScores = out.context_scores.data as Float32Array;
        for (let i = 0; i < b; i++)
          unpackRow(result, start + i, req.targetIndex[start + i], {
            greater: Math.round(greater[i]),
            targetScore: targetScore[i],
            ctxIdx,
            ctxScores,
            ctxOffset: i * kk,
            kk,
            topIds: indices,
            topScores: values,
            topOffset: i * t,
            topCount: t,
          });
        for (const o of Object.values(out)) o.dispose?.();
      },
      ctx,
    );
    if (outside.length) {
      // Rare (a target missing from its bank): the plain reference is fine for a handful of rows.
      const ref = referenceRanks(
        { ...req, d, bank: bank.vectors, m, groups: bank.groups },
        outside,
      );
      for (const row of outside) result.ranks[row] = ref[row];
    }
    result.wallMs = performance.now() - t0;
    return result;
  }
}
