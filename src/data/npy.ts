/** NumPy .npy reader and writer (format versions 1.0, 2.0, 3.0). Never unpickles. */
import { fail, formatBytes } from './errors';
import {
  checkedShape,
  decodeElements,
  describeShape,
  dtypeName,
  fortranToC,
  quote,
  shapeSize,
  type ElementKind,
  type NdArray,
  type TextArray,
} from './ndarray';
import { decodeFixedStrings } from './npyText';

export type { NdArray, TextArray } from './ndarray';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const MAX_HEADER = 10_000;

type PyValue = string | number | boolean | null | PyValue[] | { [k: string]: PyValue };

/** Parse the Python dict literal of an .npy header (strings, ints, bools, None, tuples, lists, dicts). */
function parsePyLiteral(src: string): PyValue {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const value = (depth: number): PyValue => {
    if (depth > 16) throw new Error('nested too deep');
    ws();
    const c = src[i];
    if (c === '{' || c === '(' || c === '[') {
      const close = c === '{' ? '}' : c === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      const obj: Record<string, PyValue> = {};
      for (;;) {
        ws();
        if (src[i] === close) break;
        const v = value(depth + 1);
        if (c === '{') {
          ws();
          if (src[i] !== ':' || typeof v !== 'string') throw new Error('bad dict');
          i++;
          obj[v] = value(depth + 1);
        } else items.push(v);
        ws();
        if (src[i] === ',') i++;
        else if (src[i] !== close) throw new Error(`expected ${close}`);
      }
      i++;
      return c === '{' ? obj : items;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new Error('unterminated string');
      const s = src.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(src.slice(i, i + 40));
    if (!m) throw new Error(`unexpected ${JSON.stringify(src.slice(i, i + 10))}`);
    i += m[1].length;
    if (m[1] === 'True') return true;
    if (m[1] === 'False') return false;
    if (m[1] === 'None') return null;
    return parseInt(m[1], 10);
  };
  const v = value(0);
  ws();
  if (i !== src.length) throw new Error('trailing characters');
  return v;
}

interface Descr {
  kind: ElementKind | 'U' | 'S';
  size: number;
  littleEndian: boolean;
  name: string;
}

/** '<f4' -> {kind 'f', size 4, little endian}; throws a DataFileError for what we refuse. */
function parseDescr(descr: PyValue, file: string): Descr {
  const expected = 'a float (f2/f4/f8), integer (i1-i8/u1-u8) or bool dtype';
  if (typeof descr !== 'string') fail(file, 'unsupported-dtype', expected, 'a structured dtype');
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  if (m && m[2] === 'O')
    fail(
      file,
      'object-array',
      'a numeric array',
      "an object array ('|O')",
      `${file} holds an object array ('|O'), which can only be read by unpickling; LVM Lens never unpickles. Save a numeric array instead (e.g. np.asarray(x, dtype=np.float32)).`,
    );
  if (!m) fail(file, 'unsupported-dtype', expected, `dtype '${quote(descr)}'`);
  const [, order, letter, digits] = m;
  const size = Number(digits || '0');
  // fixed-width strings: the digits count characters, 4 bytes each for 'U' (UTF-32)
  if (letter === 'U' || letter === 'S')
    return {
      kind: letter,
      size: letter === 'U' ? size * 4 : size,
      littleEndian: order !== '>',
      name: descr,
    };
  const kind = letter === '?' ? 'b' : (letter as ElementKind);
  const name = ['f', 'i', 'u', 'b'].includes(kind) ? dtypeName(kind, size) : null;
  if (!name) fail(file, 'unsupported-dtype', expected, `dtype '${quote(descr)}'`);
  return { kind, size, littleEndian: order !== '>', name };
}

/** Parse a numeric .npy file. Float kinds come back as Float32Array; Fortran order is rewritten in C order. */
export function parseNpy(buffer: ArrayBuffer | Uint8Array, fileName = 'file.npy'): NdArray {
  const a = parseNpyArray(buffer, fileName);
  if ('strings' in a)
    fail(
      fileName,
      'unsupported-dtype',
      'a float (f2/f4/f8), integer (i1-i8/u1-u8) or bool dtype',
      `dtype '${a.dtype}' (strings)`,
    );
  return a;
}

/** Parse a .npy file that may hold numbers or fixed-width strings ('<U', '|S'; never objects). */
export function parseNpyArray(
  buffer: ArrayBuffer | Uint8Array,
  fileName = 'file.npy',
  opts: { keepHalf?: boolean } = {},
): NdArray | TextArray {
  const file = fileName;
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length === 0) fail(file, 'empty', 'a NumPy .npy file', 'an empty file (0 bytes)');
  for (let j = 0; j < MAGIC.length; j++) {
    if (bytes[j] !== MAGIC[j]) {
      const head = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0'));
      fail(
        file,
        'bad-magic',
        'the .npy signature \\x93NUMPY',
        `bytes ${head.join(' ')}`,
        `${file} is not a NumPy .npy file: expected it to start with \\x93NUMPY, found bytes ${head.join(' ')}`,
      );
    }
  }
  if (bytes.length < 10)
    fail(file, 'truncated', 'a header after the signature', `${bytes.length} bytes in all`);
  const major = bytes[6];
  const minor = bytes[7];
  if (![1, 2, 3].includes(major) || minor !== 0)
    fail(
      file,
      'unsupported-version',
      '.npy format version 1.0, 2.0 or 3.0',
      `version ${major}.${minor}`,
    );
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes)
    fail(file, 'truncated', 'the header length', `${bytes.length} bytes in all`);
  const headerLen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  // numpy's reader refuses longer headers too (max_header_size): a real one is a few hundred bytes
  if (headerLen > MAX_HEADER)
    fail(
      file,
      'bad-header',
      `a header of at most ${MAX_HEADER} bytes (numpy's limit)`,
      `a header length of ${headerLen} bytes`,
    );
  const dataStart = 8 + lenBytes + headerLen;
  if (dataStart > bytes.length)
    fail(
      file,
      'truncated',
      `a ${headerLen}-byte header`,
      `only ${bytes.length - 8 - lenBytes} bytes after the header length`,
      `${file} is truncated: its header should be ${headerLen} bytes but the file ends after ${bytes.length - 8 - lenBytes}`,
    );
  const headerBytes = bytes.subarray(8 + lenBytes, dataStart);
  let headerText: string;
  try {
    headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(
      headerBytes,
    );
  } catch {
    fail(file, 'bad-header', 'a readable header', 'undecodable header bytes');
  }
  let header: PyValue;
  try {
    header = parsePyLiteral(headerText.trim());
  } catch (e) {
    fail(
      file,
      'bad-header',
      "a header dict {'descr', 'fortran_order', 'shape'}",
      `an unreadable header (${(e as Error).message})`,
    );
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    fail(file, 'bad-header', 'a header dict', 'a header that is not a dict');
  const { descr, fortran_order: fortran, shape: rawShape } = header;
  if (descr === undefined || typeof fortran !== 'boolean' || !Array.isArray(rawShape))
    fail(
      file,
      'bad-header',
      "header keys 'descr', 'fortran_order' and 'shape'",
      `keys ${quote(Object.keys(header).join(', '), 80) || 'none'}`,
    );
  const shape = checkedShape(rawShape, file);
  const d = parseDescr(descr, file);
  const count = shapeSize(shape);
  const need = count * d.size;
  const shown = describeShape(shape);
  if (count < 0 || !Number.isSafeInteger(need))
    fail(file, 'too-large', 'a shape that fits in memory', `shape ${shown}`);
  // An item of 0 bytes ('<U0', '|S0') would let any element count pass the size check below,
  // and decoding would then allocate one value per element: refused before anything is made.
  if (d.size === 0 && count > 0)
    fail(
      file,
      'unsupported-dtype',
      'a dtype whose items take at least one byte',
      `dtype '${d.name}' (0 bytes per item) with ${count} elements, shape ${shown}`,
    );
  const have = bytes.length - dataStart;
  if (have < need)
    fail(
      file,
      'truncated',
      `${formatBytes(need)} of data for shape ${shown} ${d.name}`,
      `${formatBytes(have)}`,
      `${file} is truncated: its header promises shape ${shown} ${d.name} = ${need} bytes of data, but only ${have} bytes follow`,
    );
  if (have > need)
    fail(
      file,
      'size-mismatch',
      `${need} bytes of data for shape ${shown} ${d.name}`,
      `${have} bytes (${have - need} extra)`,
    );
  if (d.kind === 'U' || d.kind === 'S') {
    const strings = decodeFixedStrings(bytes, dataStart, count, d.kind, d.size, d.littleEndian);
    if (!fortran) return { strings, shape, dtype: d.name };
    const order = fortranToC(
      Int32Array.from(strings, (_, i) => i),
      shape,
    );
    return { strings: Array.from(order, (i) => strings[i]), shape, dtype: d.name };
  }
  let data = decodeElements(bytes, dataStart, count, d.kind, d.size, d.littleEndian, opts.keepHalf);
  if (fortran) data = fortranToC(data, shape);
  return { data, shape, dtype: d.name };
}

/** Serialise a float32 array as a version 1.0 '<f4' .npy file (C order). */
export function writeNpy(data: Float32Array, shape: number[]): Uint8Array {
  if (shapeSize(shape) !== data.length)
    throw new RangeError(
      `writeNpy: shape (${shape.join(', ')}) does not hold ${data.length} values`,
    );
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // pad so the data starts on a 64-byte boundary, ending with '\n' as numpy does
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.length * 4);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let j = 0; j < header.length; j++) out[10 + j] = header.charCodeAt(j);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) out.set(body, total);
  else {
    const dv = new DataView(out.buffer);
    for (let j = 0; j < data.length; j++) dv.setFloat32(total + j * 4, data[j], true);
  }
  return out;
}
