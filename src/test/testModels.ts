import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Test-only helpers: paths to the engine's tiny ONNX test models and the shared fixtures. */
export const testdata = (name: string): string =>
  fileURLToPath(new URL(`../engine/testdata/${name}`, import.meta.url));
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../e2e/fixtures/models/${name}`, import.meta.url));
export const shippedDir = fileURLToPath(new URL('../../public/models/', import.meta.url));

export function readBytes(path: string): ArrayBuffer {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export const exists = existsSync;

export interface Reference {
  k: number;
  d: number;
  input: number[];
  prediction: number[];
  attention: number[];
}
export function reference(): Reference {
  return JSON.parse(readFileSync(testdata('reference.json'), 'utf8')) as Reference;
}

/** Largest absolute difference between two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
