/** numpy's fixed-width string dtypes: '<U'/'>U' (UTF-32 code points) and '|S' (bytes), NUL-padded. */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One '|S' element: UTF-8 when it is valid UTF-8, else latin-1 (one char per byte, as numpy's bytes). */
function decodeBytes(b: Uint8Array): string {
  try {
    return utf8.decode(b);
  } catch {
    let s = '';
    for (const c of b) s += String.fromCharCode(c);
    return s;
  }
}

/**
 * Decode `count` elements of `size` bytes each from `bytes[offset]`. Trailing NULs are padding
 * (numpy drops them too); a code point outside Unicode becomes U+FFFD rather than failing the load.
 */
export function decodeFixedStrings(
  bytes: Uint8Array,
  offset: number,
  count: number,
  kind: 'U' | 'S',
  size: number,
  littleEndian: boolean,
): string[] {
  const out: string[] = new Array<string>(count);
  if (kind === 'S') {
    for (let i = 0; i < count; i++) {
      const start = offset + i * size;
      let end = start + size;
      while (end > start && bytes[end - 1] === 0) end--;
      out[i] = decodeBytes(bytes.subarray(start, end));
    }
    return out;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chars = size / 4;
  for (let i = 0; i < count; i++) {
    const start = offset + i * size;
    let n = chars;
    while (n > 0 && dv.getUint32(start + (n - 1) * 4, littleEndian) === 0) n--;
    let s = '';
    for (let j = 0; j < n; j++) {
      const cp = dv.getUint32(start + j * 4, littleEndian);
      s += String.fromCodePoint(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? cp : 0xfffd);
    }
    out[i] = s;
  }
  return out;
}
