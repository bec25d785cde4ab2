/** .npy files written by tests: floats in any dtype and byte order, or any header text at all. */

export type FloatDescr = '<f2' | '>f2' | '<f4' | '>f4' | '<f8' | '>f8';

/** float32 -> IEEE half bits (round to nearest even; enough for test data in [-4, 4]). */
export function halfBits(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0) return sign; // tiny values flush to zero
  if (exp >= 31) return sign | 0x7c00;
  let h = sign | (exp << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return h;
}

/** The bytes of an .npy holding `values` with `shape`, stored as `descr`. */
export function npyBytes(
  values: ArrayLike<number>,
  shape: number[],
  descr: FloatDescr,
): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const size = Number(descr[2]);
  const little = descr[0] === '<';
  const body = new DataView(new ArrayBuffer(values.length * size));
  for (let i = 0; i < values.length; i++) {
    if (size === 2) body.setUint16(2 * i, halfBits(values[i]), little);
    else if (size === 4) body.setFloat32(4 * i, values[i], little);
    else body.setFloat64(8 * i, values[i], little);
  }
  const out = new Uint8Array(10 + header.length + body.byteLength);
  out.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(
    Array.from(header, (c) => c.charCodeAt(0)),
    10,
  );
  out.set(new Uint8Array(body.buffer), 10 + header.length);
  return out;
}

/** An .npy (format 1.0, or 2.0 for long headers) with this header text and body, nothing checked. */
export function rawNpy(header: string, body = new Uint8Array(0), major = 1): Uint8Array {
  const head = `${header}\n`;
  const lenBytes = major === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lenBytes + head.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const dv = new DataView(out.buffer);
  if (major === 1) dv.setUint16(8, head.length, true);
  else dv.setUint32(8, head.length, true);
  out.set(
    Array.from(head, (c) => c.charCodeAt(0)),
    8 + lenBytes,
  );
  out.set(body, 8 + lenBytes + head.length);
  return out;
}
