/**
 * A results bundle's values are checked against their ranges: the fixture bundle
 * (e2e/fixtures/bundle/results) with one value changed at a time is refused, naming the file,
 * what was expected and what was found.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COSINE_TOLERANCE } from './bundleChecks';
import { BUNDLE_MANIFEST, parseResultsBundle } from './resultsBundleParse';
import { rawNpy } from '../test/npyBytes';
import { dataError } from '../test/dataFixtures';

const RESULTS = resolve(__dirname, '../../e2e/fixtures/bundle/results');
const manifest = JSON.parse(readFileSync(resolve(RESULTS, BUNDLE_MANIFEST), 'utf8'));
const model = manifest.models[0];
const rows: number = manifest.dataset.rows;

/** The bundle's files, with `patch` applied to a copy of one file's bytes. */
function files(name?: string, patch?: (bytes: Uint8Array) => void) {
  return readdirSync(RESULTS).map((n) => {
    const bytes = new Uint8Array(readFileSync(resolve(RESULTS, n)));
    if (n === name) patch!(bytes);
    return { name: n, bytes: bytes.buffer };
  });
}

/** Overwrites element `i` of an .npy's 4-byte data (int32 or float32, little-endian). */
const set4 =
  (count: number, i: number, value: number, float = false) =>
  (bytes: Uint8Array) => {
    const dv = new DataView(bytes.buffer);
    const at = bytes.length - 4 * count + 4 * i;
    if (float) dv.setFloat32(at, value, true);
    else dv.setInt32(at, value, true);
  };

const withManifest = (edit: (m: typeof manifest) => void) =>
  files(BUNDLE_MANIFEST, () => undefined).map((f) => {
    if (f.name !== BUNDLE_MANIFEST) return f;
    const m = structuredClone(manifest);
    edit(m);
    return { name: f.name, bytes: new TextEncoder().encode(JSON.stringify(m)).buffer };
  });

describe('results bundle value ranges', () => {
  it('reads the fixture as it is', () => {
    expect(parseResultsBundle(files()).models).toHaveLength(manifest.models.length);
  });

  it.each([0, -3, rows + 1])('refuses rank %i', (rank) => {
    const e = dataError(() => parseResultsBundle(files(model.files.ranks, set4(model.n, 2, rank))));
    expect(e.file).toBe(model.files.ranks);
    expect(e.expected).toBe(`ranks in 1..${rows} (a bank of ${rows} rows)`);
    expect(e.found).toBe(`rank ${rank} at window 2 (model ${model.id})`);
  });

  it.each([NaN, Infinity, 5, -1.5])('refuses cosine %s', (cos) => {
    const patch = set4(model.n, 0, cos, true);
    const e = dataError(() => parseResultsBundle(files(model.files.cosines, patch)));
    expect(e.expected).toMatch(/finite cosines with \|cos\| ≤ 1\.001/);
    expect(e.found).toBe(`${cos} at window 0 (model ${model.id})`);
  });

  it('accepts a cosine a rounding step above 1', () => {
    const patch = set4(model.n, 0, 1 + COSINE_TOLERANCE / 2, true);
    expect(() => parseResultsBundle(files(model.files.cosines, patch))).not.toThrow();
  });

  it.each([rows, -2])('refuses neighbour id %i, and a non-finite neighbour score', (id) => {
    const top = manifest.retrieval.top;
    let e = dataError(() =>
      parseResultsBundle(files(model.files.top_ids, set4(model.n * top, top + 1, id))),
    );
    expect([e.file, e.found]).toEqual([
      model.files.top_ids,
      `${id} at window 1 (model ${model.id})`,
    ]);
    e = dataError(() =>
      parseResultsBundle(files(model.files.top_scores, set4(model.n * top, 0, NaN, true))),
    );
    expect(e.file).toBe(model.files.top_scores);
  });

  it('refuses a target row outside the bank', () => {
    const w = manifest.windows[0];
    const e = dataError(() => parseResultsBundle(files(w.target_rows, set4(w.n, 4, rows))));
    expect(e.found).toBe(`${rows} at window 4`);
  });

  it.each([
    [
      'a fractional k',
      (m: typeof manifest) => (m.models[0].k = 4.5),
      /models\[.*\]\.k: an integer ≥ 1; found 4\.5/,
    ],
    [
      'k = 0',
      (m: typeof manifest) => (m.windows[0].k = 0),
      /windows\[\]\.k: an integer ≥ 1; found 0/,
    ],
    [
      'top = 0',
      (m: typeof manifest) => (m.retrieval.top = 0),
      /retrieval\.top: an integer ≥ 1; found 0/,
    ],
    [
      'rows = "600"',
      (m: typeof manifest) => (m.dataset.rows = '600'),
      /dataset\.rows: an integer ≥ 1; found "600"/,
    ],
    [
      'a baseline k of -1',
      (m: typeof manifest) => (m.baselines[0].k = -1),
      /baselines\[\]\.k: an integer ≥ 1/,
    ],
  ])('refuses %s in the manifest', (_what, edit, message) => {
    expect(dataError(() => parseResultsBundle(withManifest(edit))).message).toMatch(message);
  });

  it('refuses a zero-width array in place of one, before decoding it', () => {
    const tiny = rawNpy(`{'descr': '<U0', 'fortran_order': False, 'shape': (10000000,), }`);
    const swapped = files().map((f) =>
      f.name === model.files.ranks ? { name: f.name, bytes: tiny.slice().buffer } : f,
    );
    expect(dataError(() => parseResultsBundle(swapped)).message).toMatch(/0 bytes per item/);
  });

  it('refuses two files of one name from different folders instead of picking one', () => {
    const all = files();
    const ranks = all.find((f) => f.name === model.files.ranks)!;
    const twice = [...all, { name: `other/${ranks.name}`, bytes: ranks.bytes.slice(0) }];
    const e = dataError(() => parseResultsBundle(twice));
    expect(e.found).toBe(`${ranks.name} and other/${ranks.name}`);
  });
});
