/**
 * The page half of bench/rank.bench.mjs: the app's rank search (src/engine/retrievalWasm.ts) on
 * folders written by `python bench/rank_native.py prepare`, once per kernel build this browser
 * runs (relaxed SIMD, plain SIMD) in this thread, then through the app's own path (the retrieval
 * worker, one slice worker per core for banks past POOL_MIN_VALUES values). Times setting the bank (quantised once) apart from the search;
 * reports GFLOP/s as the brute force's 2·n·m·D over the search time, and the fraction of
 * (query, row) pairs rescored exactly. Exposed as window.runRankBench.
 */
import { shareHalf } from '../src/data/halfBankStorage';
import { parseNpyArray } from '../src/data/npy';
import type { NdArray } from '../src/data/ndarray';
import { normalizeRows } from '../src/metrics/cosine';
import { halfValueGroups, valueGroups } from '../src/data/valueGroups';
import { prepareBank, searchBank } from '../src/engine/retrieval';
import { WasmRankBank, type BankRows } from '../src/engine/retrievalWasm';
import { RANK_WASM, dotIsExact, type RankBuild } from '../src/engine/retrievalWasmBuild';

interface Run {
  dir: string;
  /** a build in this thread, or 'app': the app's path (retrieval worker; workers past POOL_MIN_VALUES values, retrievalPool.ts) */
  build: RankBuild | 'app';
  n: number;
  m: number;
  d: number;
  setBankMs: number;
  searchMs: number;
  gflops: number;
  rescored: number;
  /** windows answered from a query vector shared with 15+ others (retrievalRepeats.ts) */
  shared: number;
  ranks: number[];
  top10: number[][];
}

async function npy(url: string): Promise<NdArray> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const a = parseNpyArray(await res.arrayBuffer(), url, { keepHalf: true });
  if ('strings' in a) throw new Error(`${url}: not numbers`);
  return a;
}

/** Builds this browser validates and computes exactly with (see retrievalWasmBuild.ts). */
function builds(): RankBuild[] {
  return (['relaxed', 'simd'] as const).filter(
    (b) => WebAssembly.validate(RANK_WASM[b]) && dotIsExact(RANK_WASM[b]),
  );
}

async function runDir(dir: string, build: RankBuild | 'app'): Promise<Run> {
  const bank = await npy(`${dir}/bank.npy`);
  const queries = (await npy(`${dir}/queries.npy`)).data as Float32Array;
  const targetIndex = (await npy(`${dir}/target_idx.npy`)).data as Int32Array;
  const ctx = await npy(`${dir}/context_idx.npy`);
  const [m, d] = bank.shape;
  const n = targetIndex.length;
  let rows: BankRows;
  let groups;
  if (bank.dtype === 'float16') {
    // kept as float16 bits, as the app keeps a `<f2` bank
    const bits = bank.data as Uint16Array;
    rows = { half: bits };
    groups = halfValueGroups(bits, m, d);
  } else {
    const loaded = bank.data as Float32Array;
    rows = { float: normalizeRows(loaded, m, d) }; // as bankRef does
    groups = valueGroups(loaded, m, d);
  }
  const req = {
    queries,
    n,
    targetIndex,
    contextIndex: ctx.data as Int32Array,
    k: ctx.shape[1],
    top: 10,
  };
  const t0 = performance.now();
  let t1: number;
  let res;
  let rescored = NaN;
  let shared = NaN;
  if (build === 'app') {
    const ref = {
      key: `${dir}#${Math.random()}`,
      vectors: 'float' in rows ? rows.float : new Float32Array(0),
      // as the app loads a float16 bank: in a SharedArrayBuffer, so no worker gets a copy
      ...('half' in rows ? { half: shareHalf(rows.half) } : {}),
      count: m,
      dim: d,
      groups,
    };
    await prepareBank(ref);
    t1 = performance.now();
    res = await searchBank(ref, req);
  } else {
    const wb = new WasmRankBank(rows, m, d, groups, build);
    t1 = performance.now();
    res = await wb.search(req);
    rescored = wb.stats.rescored / wb.stats.pairs;
    shared = wb.stats.shared / n;
  }
  const searchMs = performance.now() - t1;
  return {
    dir,
    build,
    n,
    m,
    d,
    setBankMs: t1 - t0,
    searchMs,
    gflops: (2 * n * m * d) / (searchMs / 1000) / 1e9,
    rescored,
    shared,
    ranks: [...res.ranks],
    top10: Array.from({ length: n }, (_, i) => [...res.topIndices.subarray(i * 10, i * 10 + 10)]),
  };
}

async function runRankBench(dirs: string[]): Promise<Run[]> {
  const out: Run[] = [];
  for (const dir of dirs)
    for (const build of [...builds(), 'app' as const]) out.push(await runDir(dir, build));
  return out;
}

declare global {
  interface Window {
    runRankBench: typeof runRankBench;
  }
}
window.runRankBench = runRankBench;
document.getElementById('status')!.textContent = 'ready';
