/** The one tensor shape every parser returns, and the element decoding they share. */
import { fail } from './errors';

export type NdData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

/**
 * A parsed tensor in C order. `dtype` names the type stored in the file ('float16', 'int64', 'bool'
 * ...); every float kind arrives as a Float32Array, integers in the matching typed array.
 */
export interface NdArray {
  data: NdData;
  shape: number[];
  dtype: string;
}

/** A numpy string array ('<U8' UTF-32 or '|S8' bytes) decoded to strings, in C order. */
export interface TextArray {
  strings: string[];
  shape: number[];
  /** the dtype as the file wrote it, e.g. '<U8' */
  dtype: string;
}

export type ElementKind = 'f' | 'i' | 'u' | 'b' | 'bf';

/** Bytes per element and dtype name of a supported (kind, size) pair, or null. */
export function dtypeName(kind: ElementKind, size: number): string | null {
  if (kind === 'f' && (size === 2 || size === 4 || size === 8)) return `float${size * 8}`;
  if (kind === 'bf' && size === 2) return 'bfloat16';
  if ((kind === 'i' || kind === 'u') && [1, 2, 4, 8].includes(size))
    return `${kind === 'i' ? 'int' : 'uint'}${size * 8}`;
  if (kind === 'b' && size === 1) return 'bool';
  return null;
}

let halfTable: Float32Array | null = null;
/** float16 bit pattern -> float32 value, built once (256 KB) so conversion is one lookup per element. */
export function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) t[h] = sign * frac * 2 ** -24;
    else if (exp === 31) t[h] = frac ? NaN : sign * Infinity;
    else t[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  halfTable = t;
  return t;
}

/** numpy's largest rank (NPY_MAXDIMS = 64): a deeper shape is refused before anything is read. */
export const MAX_RANK = 64;

/** A value for messages, at most `max` characters (a header may quote anything). */
export function quote(v: unknown, max = 40): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A shape for messages: every dim up to rank 6, else the rank with its first and last dims. */
export function describeShape(shape: readonly unknown[]): string {
  const dims = shape.map((d) => quote(d, 24));
  if (dims.length <= 6) return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
  return `rank ${dims.length} (${dims.slice(0, 3).join(', ')}, …, ${dims.slice(-2).join(', ')})`;
}

/**
 * A header's shape as numbers, refused with what was expected and found when it is not a list of
 * at most MAX_RANK non-negative safe integers (the rank is checked before any dim is looked at).
 */
export function checkedShape(raw: unknown, file: string, what = 'a shape'): number[] {
  if (!Array.isArray(raw))
    fail(file, 'bad-header', `${what}: a list of non-negative integers`, quote(raw));
  if (raw.length > MAX_RANK)
    fail(
      file,
      'bad-shape',
      `${what} of rank at most ${MAX_RANK} (numpy's limit)`,
      `rank ${raw.length}`,
    );
  if (!raw.every((s) => typeof s === 'number' && Number.isSafeInteger(s) && s >= 0))
    fail(
      file,
      'bad-header',
      `${what} of non-negative integers`,
      `shape ${describeShape(raw as unknown[])}`,
    );
  return raw as number[];
}

/** Product of a shape, or -1 when it is not a safe integer. */
export function shapeSize(shape: number[]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) return -1;
  }
  return n;
}

/**
 * Decode `count` elements starting at `bytes[offset]`. Copies (so the result owns a compact buffer
 * that can be transferred or kept without pinning the whole file), except float16 kept as bits.
 */
export function decodeElements(
  bytes: Uint8Array,
  offset: number,
  count: number,
  kind: ElementKind,
  size: number,
  littleEndian: boolean,
  /** float16 stays as its bits (Uint16Array, dtype 'float16'); toFloat32 widens it */
  keepHalf = false,
): NdData {
  const nbytes = count * size;
  // Kept float16 (a bank of up to a gigabyte): a view when aligned, so the file is not held twice.
  // It pins the file's buffer, which is this array plus its header when the file is one .npy.
  if (
    keepHalf &&
    kind === 'f' &&
    size === 2 &&
    littleEndian &&
    (bytes.byteOffset + offset) % 2 === 0
  )
    return new Uint16Array(bytes.buffer, bytes.byteOffset + offset, count);
  // new Uint8Array(view) always copies; a Node Buffer's slice() would return a view of its pool.
  const raw = new Uint8Array(bytes.subarray(offset, offset + nbytes));
  if (size === 1) return kind === 'i' ? new Int8Array(raw.buffer) : raw;
  if (!littleEndian) swapBytes(raw, size);
  const buf = raw.buffer;
  if (kind === 'f' && size === 4) return new Float32Array(buf);
  if (kind === 'f' && size === 8) return Float32Array.from(new Float64Array(buf));
  if (kind === 'f' && size === 2 && keepHalf) return new Uint16Array(buf);
  if (kind === 'f' && size === 2) {
    const table = halfToFloatTable();
    const h = new Uint16Array(buf);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = table[h[i]];
    return out;
  }
  if (kind === 'bf' && size === 2) {
    // bfloat16 is the top half of a float32
    const h = new Uint16Array(buf);
    const bits = new Uint32Array(count);
    for (let i = 0; i < count; i++) bits[i] = h[i] << 16;
    return new Float32Array(bits.buffer);
  }
  if (kind === 'i') {
    if (size === 2) return new Int16Array(buf);
    if (size === 4) return new Int32Array(buf);
    return new BigInt64Array(buf);
  }
  if (size === 2) return new Uint16Array(buf);
  if (size === 4) return new Uint32Array(buf);
  return new BigUint64Array(buf);
}

function swapBytes(b: Uint8Array, size: number): void {
  for (let i = 0; i + size <= b.length; i += size) {
    for (let j = 0; j < size >> 1; j++) {
      const t = b[i + j];
      b[i + j] = b[i + size - 1 - j];
      b[i + size - 1 - j] = t;
    }
  }
}

/** Data stored in Fortran (column-major) order for `shape`, rewritten in C order. */
export function fortranToC<T extends NdData>(data: T, shape: number[]): T {
  if (shape.length < 2) return data;
  const Ctor = data.constructor as new (n: number) => T;
  const out = new Ctor(data.length);
  const src = data as unknown as ArrayLike<number | bigint>;
  const dst = out as unknown as { [i: number]: number | bigint };
  if (shape.length === 2) {
    const [r, c] = shape;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) dst[i * c + j] = src[j * r + i];
    return out;
  }
  const nd = shape.length;
  const fstride = new Array<number>(nd);
  fstride[0] = 1;
  for (let j = 1; j < nd; j++) fstride[j] = fstride[j - 1] * shape[j - 1];
  const idx = new Array<number>(nd).fill(0);
  for (let p = 0; p < data.length; p++) {
    let f = 0;
    for (let j = 0; j < nd; j++) f += idx[j] * fstride[j];
    dst[p] = src[f];
    for (let j = nd - 1; j >= 0; j--) {
      if (++idx[j] < shape[j]) break;
      idx[j] = 0;
    }
  }
  return out;
}

/** Any numeric tensor as float32 (ids and bools included). */
export function toFloat32(a: NdArray): Float32Array {
  if (a.data instanceof Float32Array) return a.data;
  if (a.dtype === 'float16' && a.data instanceof Uint16Array) {
    const table = halfToFloatTable();
    const h = a.data;
    const out = new Float32Array(h.length);
    for (let i = 0; i < h.length; i++) out[i] = table[h[i]];
    return out;
  }
  const out = new Float32Array(a.data.length);
  const src = a.data as ArrayLike<number | bigint>;
  for (let i = 0; i < out.length; i++) out[i] = Number(src[i]);
  return out;
}

/** Any integer (or integral float) tensor as int32, or null when a value does not fit. */
export function toInt32(a: NdArray): Int32Array | null {
  if (a.data instanceof Int32Array) return a.data;
  const out = new Int32Array(a.data.length);
  const src = a.data as ArrayLike<number | bigint>;
  for (let i = 0; i < out.length; i++) {
    const v = Number(src[i]);
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) return null;
    out[i] = v;
  }
  return out;
}
