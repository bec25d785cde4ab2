/**
 * An ONNX file's `metadata_props` (ModelProto field 14: key/value strings), read straight from the
 * bytes. The engine's session does not hand them over, and walking the top-level protobuf fields
 * skips the graph by its length prefix, so this costs microseconds even for a large model.
 */

const METADATA_PROPS = 14;
const KEY = 1;
const VALUE = 2;

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** A base-128 varint; multiplication, not shifts, so lengths past 2^31 stay exact. */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.bytes.length) throw new RangeError('truncated varint');
      const b = this.bytes[this.pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new RangeError('varint too long');
  }

  bytesField(): Uint8Array {
    const len = this.varint();
    if (this.pos + len > this.bytes.length) throw new RangeError('truncated field');
    const out = this.bytes.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytesField();
    else if (wireType === 5) this.pos += 4;
    else throw new RangeError(`wire type ${wireType}`);
    if (this.pos > this.bytes.length) throw new RangeError('truncated field');
  }
}

const utf8 = new TextDecoder();

function entry(bytes: Uint8Array): [string, string] {
  const r = new Reader(bytes);
  let key = '';
  let value = '';
  while (!r.done) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    if (tag % 8 === 2 && field === KEY) key = utf8.decode(r.bytesField());
    else if (tag % 8 === 2 && field === VALUE) value = utf8.decode(r.bytesField());
    else r.skip(tag % 8);
  }
  return [key, value];
}

/** The model's metadata_props as a record; null when the bytes are not a readable ModelProto. */
export function readOnnxMetadata(buffer: ArrayBuffer | Uint8Array): Record<string, string> | null {
  const r = new Reader(buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer));
  const props: Record<string, string> = {};
  try {
    while (!r.done) {
      const tag = r.varint();
      if (Math.floor(tag / 8) === METADATA_PROPS && tag % 8 === 2) {
        const [key, value] = entry(r.bytesField());
        props[key] = value;
      } else {
        r.skip(tag % 8);
      }
    }
  } catch {
    return null;
  }
  return props;
}
