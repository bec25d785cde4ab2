/**
 * Property tests: random, truncated and mutated inputs never escape a parser as anything but a
 * DataFileError with a message. Mutations start from real numpy/safetensors files so they reach deep.
 */
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataFileError } from './errors';
import { parseJsonVectors } from './json';
import { parseNpy } from './npy';
import { parseNpz } from './npz';
import { parseSafetensors } from './safetensors';
import { fixture } from '../test/dataFixtures';

const RUNS = 10_000;

function safely(parse: (b: Uint8Array) => unknown, bytes: Uint8Array): void {
  try {
    parse(bytes);
  } catch (e) {
    if (!(e instanceof DataFileError) || e.message.length === 0) {
      throw new Error(`escaped: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }
}

/** Random bytes, a seed cut short, or a seed with some bytes overwritten (headers included). */
function inputs(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const seed = fc.constantFrom(...seeds);
  const truncated = fc.tuple(seed, fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1)));
  const mutated = fc
    .tuple(
      seed,
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 6,
      }),
    )
    .map(([s, edits]) => {
      const out = s.slice();
      // half the edits land in the first 128 bytes, where headers live
      edits.forEach(
        ([at, v], i) => (out[i % 2 ? at % Math.min(128, out.length) : at % out.length] = v),
      );
      return out;
    });
  const random = fc.uint8Array({ maxLength: 256 });
  return fc.oneof(random, truncated, mutated);
}

const bytesOf = (name: string) => new Uint8Array(fixture(name));

describe('parsers never throw anything but DataFileError', () => {
  it('npy', () => {
    const seeds = [
      'f4_le_v1.npy',
      'f4_le_v3.npy',
      'f2_be_fortran.npy',
      'i8_ids.npy',
      'bool.npy',
    ].map(bytesOf);
    fc.assert(
      fc.property(inputs(seeds), (b) => safely((x) => parseNpy(x, 'fuzz.npy'), b)),
      { numRuns: RUNS },
    );
  });

  it('npz', () => {
    const small = zipSync({ 'a.npy': bytesOf('f4_le_v1.npy') }, { level: 6 });
    const stored = zipSync({ 'a.npy': bytesOf('f2_le.npy') }, { level: 0 });
    const seeds = [small, stored, bytesOf('windows.npz')];
    fc.assert(
      fc.property(inputs(seeds), (b) =>
        safely((x) => parseNpz(x, 'fuzz.npz', { maxBytes: 1 << 20 }), b),
      ),
      { numRuns: RUNS },
    );
  });

  it('safetensors', () => {
    const seeds = [bytesOf('windows.safetensors'), bytesOf('tensors.safetensors')];
    fc.assert(
      fc.property(inputs(seeds), (b) => safely((x) => parseSafetensors(x, 'fuzz.safetensors'), b)),
      {
        numRuns: RUNS,
      },
    );
  });

  it('json and jsonl', () => {
    const seeds = ['vectors.json', 'objects.json', 'objects.jsonl'].map(bytesOf);
    const text = fc.oneof(
      inputs(seeds),
      fc.json().map((s) => new TextEncoder().encode(s)),
    );
    fc.assert(
      fc.property(text, fc.boolean(), (b, lines) =>
        safely((x) => parseJsonVectors(x, 'fuzz.json', lines), b),
      ),
      { numRuns: RUNS },
    );
  });

  it('a shape promising more than the file holds is refused without allocating it', () => {
    const good = bytesOf('f4_le_v1.npy');
    const text = new TextDecoder('latin1').decode(good).replace('(4, 5)', '(9999999999, 5)');
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(() => parseNpy(bytes, 'huge.npy')).toThrow(DataFileError);
  });
});
