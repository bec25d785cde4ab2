/**
 * Property tests for the classes of issue 23 (beside fuzz.test.ts, which throws random bytes at
 * every parser): zero item sizes, ranks past numpy's 64, budgets summed over a whole load, and a
 * results bundle's value ranges. Each property states when a file is accepted, not just that
 * nothing escapes.
 */
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawNpy } from '../test/npyBytes';
import { COSINE_TOLERANCE } from './bundleChecks';
import { DataFileError } from './errors';
import { parseNpyArray } from './npy';
import { parseFiles, type FileBytes } from './parseFiles';
import { parseResultsBundle } from './resultsBundleParse';

/** numpy's NPY_MAXDIMS: the spec, written out here rather than read from the code under test. */
const NUMPY_MAX_RANK = 64;

/** The DataFileError `fn` throws, or null when it returns. */
function refusal(fn: () => unknown): DataFileError | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof DataFileError) return e;
    throw e;
  }
}

const header = (descr: string, shape: number[], fortran = false) =>
  `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(',')}${shape.length === 1 ? ',' : ''}), }`;

/** A float32 .npy of `shape` with nonzero values. */
const f4 = (shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const body = new Uint8Array(Float32Array.from({ length: n }, (_, i) => (i % 5) + 1).buffer);
  return rawNpy(header('<f4', shape), body);
};

describe('zero item size', () => {
  it('any zero-width dtype with elements is refused, whatever the shape', () => {
    const descr = fc.constantFrom('<U0', '>U0', '|S0', 'S', 'U', '=U0', '|V0', '<V0');
    // up to a million elements: without the check they would be decoded, one string each
    const dim = fc.integer({ min: 1, max: 100 });
    fc.assert(
      fc.property(descr, fc.array(dim, { minLength: 1, maxLength: 3 }), (d, shape) => {
        const e = refusal(() => parseNpyArray(rawNpy(header(d, shape)), 'z.npy'));
        expect(e?.code).toBe('unsupported-dtype');
        expect(e!.message.length).toBeLessThan(300);
      }),
      { numRuns: 500 },
    );
  });
});

describe('rank', () => {
  it('a rank up to 64 with its bytes is read; past 64 it is refused before any data is touched', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.boolean(), (rank, fortran) => {
        const shape = Array.from({ length: rank }, (_, i) => (i === 0 ? 3 : 1));
        const file = rawNpy(header('<f4', shape, fortran), new Uint8Array(12), 2);
        const e = refusal(() => parseNpyArray(file, 'r.npy'));
        if (rank <= NUMPY_MAX_RANK) expect(e).toBeNull();
        else {
          expect(e?.code).toBe('bad-shape');
          expect(e!.found).toBe(`rank ${rank}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('one budget per load', () => {
  it('a load is refused as too large exactly when its files and unpacked members exceed the budget', () => {
    // each file: a plain .npy, or an .npz of one or two members; counted as what it unpacks to
    const part = fc.record({
      rows: fc.integer({ min: 1, max: 40 }),
      zipped: fc.boolean(),
      members: fc.integer({ min: 1, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), fc.nat(6000), (parts, budget) => {
        let counted = 0;
        const files: FileBytes[] = parts.map((p, i) => {
          const npy = f4([p.rows, 4]);
          if (!p.zipped) {
            counted += npy.length;
            return { name: `f${i}.npy`, bytes: npy.slice().buffer };
          }
          const members: Record<string, Uint8Array> = {};
          for (let m = 0; m < p.members; m++) members[`v${m}.npy`] = npy;
          counted += npy.length * p.members;
          return { name: `f${i}.npz`, bytes: zipSync(members).buffer as ArrayBuffer };
        });
        const e = refusal(() => parseFiles(files, { maxBytes: budget }));
        expect(e?.code === 'too-large').toBe(counted > budget);
      }),
      { numRuns: 300 },
    );
  });
});

describe('results bundle value ranges', () => {
  const RESULTS = resolve(__dirname, '../../e2e/fixtures/bundle/results');
  const manifest = JSON.parse(readFileSync(resolve(RESULTS, 'lvm-results.json'), 'utf8'));
  const model = manifest.models[0];
  const rows: number = manifest.dataset.rows;
  const top: number = manifest.retrieval.top;
  const names = readdirSync(RESULTS);
  const original = new Map(
    names.map((n) => [n, new Uint8Array(readFileSync(resolve(RESULTS, n)))]),
  );

  /** The bundle with element `i` of the 4-byte array `file` (`count` long) set to `value`. */
  function patched(file: string, count: number, i: number, value: number, float: boolean) {
    return names.map((n) => {
      const bytes = original.get(n)!.slice();
      if (n === file) {
        const dv = new DataView(bytes.buffer);
        const at = bytes.length - 4 * count + 4 * i;
        if (float) dv.setFloat32(at, value, true);
        else dv.setInt32(at, value, true);
      }
      return { name: n, bytes: bytes.buffer };
    });
  }

  const int = fc.oneof(fc.integer({ min: -5, max: rows + 5 }), fc.integer());
  const f32 = fc.oneof(
    fc.float({ min: -2, max: 2, noNaN: false }),
    fc.constantFrom(NaN, Infinity, -Infinity, 1 + COSINE_TOLERANCE / 2, -1 - 2 * COSINE_TOLERANCE),
  );
  const accepted = (file: string, count: number, i: number, v: number, float: boolean) =>
    refusal(() => parseResultsBundle(patched(file, count, i, v, float))) === null;
  const unit = (v: number) => Number.isFinite(v) && Math.abs(v) <= 1 + COSINE_TOLERANCE;
  const window = fc.nat(model.n - 1);

  it('a rank is accepted exactly when it is an integer in 1..bank rows', () => {
    fc.assert(
      fc.property(window, int, (i, v) => {
        expect(accepted(model.files.ranks, model.n, i, v, false)).toBe(v >= 1 && v <= rows);
      }),
      { numRuns: 200 },
    );
  });

  it('a cosine is accepted exactly when it is finite with |cos| ≤ 1 + tolerance', () => {
    fc.assert(
      fc.property(window, f32, (i, v) => {
        const stored = Math.fround(v);
        expect(accepted(model.files.cosines, model.n, i, v, true)).toBe(unit(stored));
      }),
      { numRuns: 200 },
    );
  });

  it('a neighbour id is accepted exactly when it is a bank row or -1', () => {
    fc.assert(
      fc.property(fc.nat(model.n * top - 1), int, (i, v) => {
        expect(accepted(model.files.top_ids, model.n * top, i, v, false)).toBe(v >= -1 && v < rows);
      }),
      { numRuns: 200 },
    );
  });

  it('a K that is not an integer ≥ 1 is always refused', () => {
    const k = fc.oneof(fc.double({ noNaN: true }), fc.integer({ max: 0 }));
    fc.assert(
      fc.property(k, fc.constantFrom('models', 'windows', 'baselines'), (v, where) => {
        fc.pre(!(Number.isInteger(v) && v >= 1));
        const m = structuredClone(manifest);
        m[where][0].k = v;
        const files = names.map((n) => ({
          name: n,
          bytes:
            n === 'lvm-results.json'
              ? new TextEncoder().encode(JSON.stringify(m)).buffer
              : original.get(n)!.slice().buffer,
        }));
        const e = refusal(() => parseResultsBundle(files));
        expect(e?.message).toMatch(/k: an integer ≥ 1/);
      }),
      { numRuns: 200 },
    );
  });

  it('any byte of any bundle file changed: read, or refused with a DataFileError', () => {
    const edit = fc.tuple(fc.constantFrom(...names), fc.nat(), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const files = names.map((n) => {
          const bytes = original.get(n)!.slice();
          for (const [file, at, v] of edits)
            if (file === n) bytes[n.endsWith('.json') ? at % bytes.length : at % 160] = v;
          return { name: n, bytes: bytes.buffer };
        });
        refusal(() => parseResultsBundle(files)); // anything else thrown fails the property
      }),
      { numRuns: 300 },
    );
  });
});
