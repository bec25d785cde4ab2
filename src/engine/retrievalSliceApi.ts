/** What a slice worker (retrievalSlice.worker.ts) serves: one slice per bank key, searched by the kernel. */
import type { CallContext } from '../lib/worker-rpc';
import type { SearchRequest } from './retrievalTypes';
import { WasmRankBank, type BankRows } from './retrievalWasm';
import type { RankBuild } from './retrievalWasmBuild';
import { ownGroups } from './retrievalSlices';

/** A fresh API (each worker holds its own slices; the retrieval worker keeps at most three banks). */
export function sliceApi() {
  const banks = new Map<string, WasmRankBank>();
  return {
    /** Keep rows [m, d] (a slice; its exclusions arrive expanded, so each row is its own group). */
    setSlice(key: string, rows: BankRows, m: number, d: number, build: RankBuild): void {
      banks.delete(key);
      banks.set(key, new WasmRankBank(rows, m, d, ownGroups(m), build));
      while (banks.size > 3) banks.delete(banks.keys().next().value as string);
    },
    async search(key: string, req: SearchRequest, ctx: CallContext) {
      const bank = banks.get(key);
      if (!bank) throw new Error(`Slice "${key}" is not set`);
      return bank.search(req, ctx);
    },
  };
}

export type SliceApi = ReturnType<typeof sliceApi>;
