import { chromium } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import initWabt from 'wabt';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { RANK_INT8_RELAXED, RANK_INT8_SIMD } from './kernels/rankInt8Wasm';
import { dotIsExact, RANK_WASM, wasmRankSupport } from './retrievalWasmBuild';

describe('rank kernel builds', () => {
  it('plain SIMD gives exact integer dot products here, and is what this engine runs at least', () => {
    expect(dotIsExact(RANK_WASM.simd)).toBe(true);
    expect(wasmRankSupport()).not.toBeNull();
  });

  it('refuses a build whose dot products are off, as Node 20’s experimental relaxed_dot was', async () => {
    // doubled products, the addend dropped: what `node --experimental-wasm-relaxed-simd` (V8 11.3) returns
    const wabt = await initWabt();
    const mod = wabt.parseWat(
      'doubled.wat',
      `(module (import "env" "memory" (memory 1))
        (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result i32)
          (local $v v128)
          (local.set $v (i32x4.dot_i16x8_s
            (i16x8.extend_low_i8x16_s (v128.load (local.get $a)))
            (i16x8.extend_low_i8x16_s (v128.load (local.get $b)))))
          (i32.mul (i32.const 2) (i32x4.extract_lane 0 (local.get $v)))))`,
      { simd: true },
    );
    const bytes = new Uint8Array(mod.toBinary({}).buffer);
    mod.destroy();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(dotIsExact(bytes)).toBe(false);
  });

  it('in Chromium, relaxed SIMD validates and both builds give the exact integers on random and extreme bytes', async () => {
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const page = await browser.newPage();
      const out = await page.evaluate(
        ([relaxedB64, plainB64]) => {
          const bytes = (b: string) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0));
          const run = (b64: string) => {
            const memory = new WebAssembly.Memory({ initial: 1 });
            const mod = new WebAssembly.Module(bytes(b64));
            const { dot } = new WebAssembly.Instance(mod, { env: { memory } }).exports as {
              dot: (a: number, b: number, n: number) => number;
            };
            const a = new Int8Array(memory.buffer, 0, 768);
            const b = new Uint8Array(memory.buffer, 1024, 768);
            let seed = 12345;
            const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
            let wrong = 0;
            for (let trial = 0; trial < 2000; trial++) {
              const n = 1 + (trial % 48);
              let want = 0;
              for (let i = 0; i < n * 16; i++) {
                const r = rand();
                a[i] = r < 0.2 ? -127 : r < 0.4 ? 127 : Math.round(rand() * 254) - 127;
                b[i] = rand() < 0.3 ? 127 : 1 + Math.floor(rand() * 127);
                want += a[i] * b[i];
              }
              if (dot(0, 1024, n) !== want) wrong++;
            }
            return wrong;
          };
          return {
            relaxedValid: WebAssembly.validate(bytes(relaxedB64)),
            relaxedWrong: run(relaxedB64),
            plainWrong: run(plainB64),
          };
        },
        [RANK_INT8_RELAXED, RANK_INT8_SIMD],
      );
      expect(out).toEqual({ relaxedValid: true, relaxedWrong: 0, plainWrong: 0 });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
