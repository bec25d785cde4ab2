/** safetensors reader: 8-byte little-endian header length, JSON header, raw little-endian tensors. */
import { fail, formatBytes } from './errors';
import {
  checkedShape,
  decodeElements,
  describeShape,
  quote,
  shapeSize,
  type ElementKind,
  type NdArray,
} from './ndarray';

const DTYPES: Record<string, { kind: ElementKind; size: number; name: string }> = {
  F32: { kind: 'f', size: 4, name: 'float32' },
  F16: { kind: 'f', size: 2, name: 'float16' },
  F64: { kind: 'f', size: 8, name: 'float64' },
  BF16: { kind: 'bf', size: 2, name: 'bfloat16' },
  I8: { kind: 'i', size: 1, name: 'int8' },
  I16: { kind: 'i', size: 2, name: 'int16' },
  I32: { kind: 'i', size: 4, name: 'int32' },
  I64: { kind: 'i', size: 8, name: 'int64' },
  U8: { kind: 'u', size: 1, name: 'uint8' },
  BOOL: { kind: 'b', size: 1, name: 'bool' },
};

const MAX_HEADER = 100 * 1024 * 1024;

export interface SafetensorsFile {
  tensors: Record<string, NdArray>;
  metadata: Record<string, string>;
}

/** Parse a .safetensors file; every offset is checked against the file before any data is read. */
export function parseSafetensors(
  buffer: ArrayBuffer | Uint8Array,
  fileName = 'file.safetensors',
): SafetensorsFile {
  const file = fileName;
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length === 0) fail(file, 'empty', 'a .safetensors file', 'an empty file (0 bytes)');
  if (bytes.length < 8)
    fail(file, 'truncated', 'an 8-byte header length', `${bytes.length} bytes in all`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(dv.getBigUint64(0, true));
  if (headerLen > MAX_HEADER || 8 + headerLen > bytes.length)
    fail(
      file,
      headerLen > MAX_HEADER ? 'bad-header' : 'truncated',
      `a header of at most ${formatBytes(Math.min(MAX_HEADER, bytes.length - 8))}`,
      `a header length of ${headerLen} bytes`,
      `${file} is not a valid .safetensors file: its header length (${headerLen} bytes) runs past the end of the ${bytes.length}-byte file`,
    );
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)),
    );
  } catch (e) {
    fail(file, 'bad-header', 'a JSON header', `unreadable header (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    fail(
      file,
      'bad-header',
      'a JSON object header',
      `a header of type ${Array.isArray(header) ? 'array' : typeof header}`,
    );
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  // no prototype: a tensor named __proto__ stays a tensor
  const tensors: Record<string, NdArray> = Object.create(null);
  let metadata: Record<string, string> = Object.create(null);
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (raw && typeof raw === 'object') metadata = raw as Record<string, string>;
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (!info || typeof info !== 'object')
      fail(file, 'bad-header', `a tensor entry for '${quote(name)}'`, quote(raw ?? 'nothing'));
    const dt = typeof info.dtype === 'string' ? DTYPES[info.dtype] : undefined;
    if (!dt || !Object.prototype.hasOwnProperty.call(DTYPES, info.dtype as string))
      fail(
        file,
        'unsupported-dtype',
        `one of ${Object.keys(DTYPES).join('/')} for '${quote(name)}'`,
        `dtype ${quote(info.dtype)}`,
      );
    const shape = checkedShape(info.shape, file, `the shape of '${quote(name)}'`);
    const offs = info.data_offsets;
    if (
      !Array.isArray(offs) ||
      offs.length !== 2 ||
      !offs.every((o) => Number.isSafeInteger(o) && o >= 0)
    )
      fail(
        file,
        'bad-offsets',
        `data_offsets [begin, end] for '${quote(name)}'`,
        quote(offs ?? 'none'),
      );
    const [begin, end] = offs as [number, number];
    const count = shapeSize(shape);
    const need = count * dt.size;
    if (count < 0 || end < begin || end - begin !== need)
      fail(
        file,
        'bad-offsets',
        `${need} bytes for '${quote(name)}' ${info.dtype} ${describeShape(shape)}`,
        `offsets [${begin}, ${end}]`,
      );
    if (end > dataLen)
      fail(
        file,
        'truncated',
        `'${quote(name)}' within the ${dataLen} data bytes`,
        `offsets [${begin}, ${end}]`,
        `${file} is truncated: tensor '${quote(name)}' ends at byte ${end} of the data but only ${dataLen} data bytes are present`,
      );
    tensors[name] = {
      data: decodeElements(bytes, dataStart + begin, count, dt.kind, dt.size, true),
      shape,
      dtype: dt.name,
    };
  }
  if (Object.keys(tensors).length === 0) fail(file, 'missing-key', 'at least one tensor', 'none');
  return { tensors, metadata };
}
