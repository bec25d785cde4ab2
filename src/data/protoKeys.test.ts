/** A key named `__proto__` is a key like any other: its array is read, never swallowed by a prototype. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseJsonVectors } from './json';
import { writeNpy } from './npy';
import { parseNpz } from './npz';
import { tableFromArrays } from './npzAliases';
import { parseFiles } from './parseFiles';
import { parseSafetensors } from './safetensors';

const ROWS = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 2],
];

/** A one-tensor float32 .safetensors file (header padded to 8 bytes as the format asks). */
function safetensors(name: string, values: number[], shape: number[]): Uint8Array {
  const body = new Uint8Array(Float32Array.from(values).buffer);
  let head = JSON.stringify({ [name]: { dtype: 'F32', shape, data_offsets: [0, body.length] } });
  head += ' '.repeat((8 - (head.length % 8)) % 8);
  const out = new Uint8Array(8 + head.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(new TextEncoder().encode(head), 8);
  out.set(body, 8 + head.length);
  return out;
}

const enc = (s: string) => new TextEncoder().encode(s);
const keysOf = (o: object) => Object.keys(o);

describe("a key named '__proto__'", () => {
  it('keeps its array in JSON', () => {
    const t = parseJsonVectors(enc(`{"__proto__": ${JSON.stringify(ROWS)}}`), 'p.json', false);
    expect(keysOf(t.tensors)).toEqual(['__proto__']);
    expect(t.tensors['__proto__'].shape).toEqual([3, 3]);
  });

  it('keeps its tensor in safetensors', () => {
    const t = parseSafetensors(safetensors('__proto__', ROWS.flat(), [3, 3]), 'p.safetensors');
    expect(keysOf(t.tensors)).toEqual(['__proto__']);
    expect(Array.from(t.tensors['__proto__'].data as Float32Array)).toEqual(ROWS.flat());
  });

  it('keeps its member in .npz, through the role table, into a dataset', () => {
    const npz = zipSync({ '__proto__.npy': writeNpy(Float32Array.from(ROWS.flat()), [3, 3]) });
    expect(keysOf(parseNpz(npz, 'p.npz'))).toEqual(['__proto__']);
    expect(keysOf(tableFromArrays(parseNpz(npz, 'p.npz'), 'p.npz').tensors)).toEqual(['__proto__']);
    const r = parseFiles([{ name: 'p.npz', bytes: npz.slice().buffer }]);
    expect(r.kind === 'dataset' && r.dataset.bank.count).toBe(3);
  });

  it('loads a JSON file whose only array is under __proto__ as a dataset', () => {
    const text = `{"__proto__": ${JSON.stringify(ROWS)}}`;
    const r = parseFiles([{ name: 'p.json', bytes: enc(text).slice().buffer }]);
    expect(r.kind === 'dataset' && r.dataset.bank.count).toBe(3);
  });
});
