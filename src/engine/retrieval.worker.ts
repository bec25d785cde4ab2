/** Worker that owns the retrieval kernel and the banks; see retrievalKernel.ts. */
import { expose, wrap, type CallContext } from '../lib/worker-rpc';
import { RankPool } from './retrievalPool';
import type { SliceApi } from './retrievalSliceApi';
import { fetchOk, gpuFirstOnHardware, type NavigatorLike } from './backend';
import { getOrt } from './ort';
import { RetrievalKernel, type SearchRequest } from './retrievalKernel';
import { wasmRankSupport } from './retrievalWasmBuild';
import type { Backend } from './types';
import type { ValueGroups } from '../data/valueGroups';

let kernel: Promise<RetrievalKernel> | null = null;

/** One slice worker per core for large banks (retrievalPool.ts); none on a single core. */
function rankPool(): RankPool | null {
  const cores = navigator.hardwareConcurrency ?? 1;
  if (cores < 2 || typeof Worker === 'undefined') return null;
  const start = () =>
    wrap<SliceApi>(
      new Worker(new URL('./retrievalSlice.worker.ts', import.meta.url), { type: 'module' }),
    );
  return new RankPool(Array.from({ length: cores }, start));
}

export const api = {
  /** Load the kernel once; returns the backend that runs it. */
  async init(kernelUrl: string, allowGpu: boolean, chunkKernelUrl?: string): Promise<Backend> {
    kernel ??= (async () => {
      // Our own WebAssembly kernel needs no ONNX bytes: they are fetched only for the fallback.
      if (wasmRankSupport())
        return RetrievalKernel.create(
          getOrt,
          new Uint8Array(0),
          ['wasm'],
          undefined,
          undefined,
          rankPool,
        );
      const read = async (url: string) => new Uint8Array(await (await fetchOk(url)).arrayBuffer());
      const bytes = await read(kernelUrl);
      const chunk = chunkKernelUrl ? await read(chunkKernelUrl) : undefined;
      const nav = navigator as unknown as NavigatorLike;
      return RetrievalKernel.create(getOrt, bytes, await gpuFirstOnHardware(nav, allowGpu), chunk);
    })();
    kernel.catch(() => (kernel = null));
    return (await kernel).backend;
  },
  /** Keep a bank; `groups` group its rows as loaded, since the vectors sent are normalised. */
  async setBank(
    key: string,
    vectors: Float32Array,
    m: number,
    d: number,
    groups?: ValueGroups,
  ): Promise<void> {
    if (!kernel) throw new Error('Retrieval kernel not initialised');
    (await kernel).setBank(key, vectors, m, d, groups);
  },
  /** Keep a bank of float16 bits [m, d] (see engine/halfBankSearch.ts); `groups` as for setBank. */
  async setHalfBank(
    key: string,
    bits: Uint16Array,
    m: number,
    d: number,
    groups: ValueGroups,
  ): Promise<void> {
    if (!kernel) throw new Error('Retrieval kernel not initialised');
    (await kernel).setHalfBank(key, bits, m, d, groups);
  },
  async search(key: string, req: SearchRequest, ctx: CallContext) {
    if (!kernel) throw new Error('Retrieval kernel not initialised');
    return (await kernel).search(key, req, ctx);
  },
};

export type RetrievalApi = typeof api;
expose(api);
