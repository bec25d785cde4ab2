/**
 * Which build of the rank kernel (kernels/rankInt8.wat) this engine runs: relaxed SIMD where it
 * validates and computes the exact integer dot products the bound needs, plain SIMD otherwise, or
 * none (then the search falls back to onnxruntime).
 */
import { RANK_INT8_RELAXED, RANK_INT8_SIMD } from './kernels/rankInt8Wasm';

export type RankBuild = 'relaxed' | 'simd';

const bytesOf = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
export const RANK_WASM: Record<RankBuild, Uint8Array<ArrayBuffer>> = {
  relaxed: bytesOf(RANK_INT8_RELAXED),
  simd: bytesOf(RANK_INT8_SIMD),
};

/**
 * Does a build's integer dot product give Σ a_i b_i exactly on extreme values (±127 times 1..127,
 * the addend carried over blocks)? Validation alone is not enough: Node 20's experimental
 * relaxed_dot validates, doubles every product and drops the addend.
 */
export function dotIsExact(bytes: Uint8Array<ArrayBuffer>): boolean {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const { dot } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: { memory },
  }).exports as { dot: (a: number, b: number, n: number) => number };
  const a = new Int8Array(memory.buffer, 0, 64);
  const b = new Uint8Array(memory.buffer, 64, 64);
  let want = 0;
  for (let i = 0; i < 64; i++) {
    a[i] = i % 5 === 0 ? -127 : i % 5 === 1 ? 127 : ((i * 37) % 255) - 127;
    b[i] = i % 3 === 0 ? 127 : 1 + ((i * 53) % 127);
    want += a[i] * b[i];
  }
  return (
    dot(0, 64, 4) === want &&
    dot(16, 80, 1) === a.slice(16, 32).reduce((s, v, i) => s + v * b[16 + i], 0)
  );
}

let support: RankBuild | null | undefined;

/** The build to run here (checked once). */
export function wasmRankSupport(): RankBuild | null {
  if (support !== undefined) return support;
  support = null;
  if (typeof WebAssembly === 'undefined') return support;
  for (const build of ['relaxed', 'simd'] as const)
    if (WebAssembly.validate(RANK_WASM[build]) && dotIsExact(RANK_WASM[build]))
      return (support = build);
  return support;
}
