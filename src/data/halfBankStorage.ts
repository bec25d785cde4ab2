/**
 * A bank read from a float16 file stays float16 in memory (2 bytes a value: a 640k x 768 bank is
 * 0.98 GB instead of 1.96 GB). Retrieval scores it chunk by chunk (engine/halfBankSearch.ts); `vectors`
 * is widened to float32 only when a view that needs float32 rows (Map, Write) reads it.
 */
import { halfToFloatTable } from './ndarray';
import type { Dataset } from './types';

type Bank = Dataset['bank'];

/**
 * Give a float16 bank its `vectors`: a non-enumerable getter that widens the bits once, when first
 * read (non-enumerable so that posting the dataset between threads does not widen it).
 */
export function withHalfVectors(bank: Bank & { half: Uint16Array }): Bank {
  let widened: Float32Array | undefined;
  Object.defineProperty(bank, 'vectors', {
    configurable: true,
    enumerable: false,
    get: () => {
      if (!widened) {
        const table = halfToFloatTable();
        const h = bank.half;
        widened = new Float32Array(h.length);
        for (let i = 0; i < h.length; i++) widened[i] = table[h[i]];
      }
      return widened;
    },
  });
  return bank;
}

/** The bits in a SharedArrayBuffer when the page is cross-origin isolated, so the retrieval worker reads them without a copy. */
export function shareHalf(bits: Uint16Array): Uint16Array {
  if (typeof SharedArrayBuffer === 'undefined' || bits.buffer instanceof SharedArrayBuffer)
    return bits;
  try {
    const shared = new Uint16Array(new SharedArrayBuffer(bits.byteLength));
    shared.set(bits);
    return shared;
  } catch {
    return bits; // not isolated: SharedArrayBuffer exists but cannot be posted; keep the array
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float16 bits whose widening is exactly `v` (bit for bit, -0 included), or -1 when none is. */
export function halfBitsOf(v: number): number {
  f32[0] = v;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  let h = -1;
  if (exp === 0 && mant === 0) h = sign;
  else if (exp === 0xff) h = mant ? -1 : sign | 0x7c00;
  else if (exp - 112 >= 1 && exp - 112 <= 30) {
    if ((mant & 0x1fff) === 0) h = sign | ((exp - 112) << 10) | (mant >>> 13);
  } else {
    const scaled = Math.abs(f32[0]) * 2 ** 24; // a subnormal half is an integer count of 2^-24
    if (Number.isInteger(scaled) && scaled < 1024) h = sign | scaled;
  }
  if (h < 0) return -1;
  const back = halfToFloatTable()[h];
  f32[0] = v;
  const want = u32[0];
  f32[0] = back;
  return u32[0] === want ? h : -1;
}

/**
 * Rows [count, d] of float32 values as float16 bits, and which rows hold a value no float16 widens
 * to (such a row cannot equal any row of a float16 bank).
 */
export function toHalfRows(x: Float32Array, d: number): { bits: Uint16Array; exact: Uint8Array } {
  const rows = x.length / d;
  const bits = new Uint16Array(x.length);
  const exact = new Uint8Array(rows).fill(1);
  for (let i = 0; i < x.length; i++) {
    const h = halfBitsOf(x[i]);
    if (h < 0) exact[Math.floor(i / d)] = 0;
    else bits[i] = h;
  }
  return { bits, exact };
}
