/**
 * The rank kernel module's exports (kernels/rankInt8.wat) and where one search's buffers sit in
 * its memory, after the bank's int8 rows (retrievalWasm.ts).
 */

/** What rankInt8.wat exports; every address is a byte offset into the module's memory. */
export interface RankExports {
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
  exact_h(q: number, row: number, dp: number): number;
  exact_f(q: number, row: number, dp: number): number;
}

export const align = (x: number) => Math.ceil(x / 16) * 16;

/**
 * Per-search buffers from byte `freeAt` for blocks of `QB` queries of dp values, top lists of `T`
 * and `chunk` candidate slots per query; the memory grown to hold them.
 */
export function searchLayout(
  memory: WebAssembly.Memory,
  freeAt: number,
  dp: number,
  QB: number,
  T: number,
  chunk: number,
) {
  const qs = freeAt;
  const qf = align(qs + QB * 2 * dp);
  const scratch = align(qf + QB * dp * 4);
  const qp = align(scratch + dp * 4);
  const lbs = align(qp + QB * 64);
  const greater = align(lbs + QB * Math.max(T, 1) * 8);
  const ccount = align(greater + QB * 4);
  const cand = align(ccount + QB * 4);
  const end = cand + QB * chunk * 4;
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / 65536));
  return { qs, qf, scratch, qp, lbs, greater, ccount, cand };
}
