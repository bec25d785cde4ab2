/**
 * A results bundle written by `python -m training evaluate` (docs/results-bundle.md): its manifest
 * and per-model arrays, parsed and checked against each other. Pure; nothing here runs a model.
 */
import type { SplitMetrics } from './splitMetrics';
import { CancelledError, type CallContext } from '../lib/worker-rpc';
import { checkModelValues, checkTargetRows, integerField } from './bundleChecks';
import { fail } from './errors';
import { quote, type NdArray } from './ndarray';
import { parseNpy } from './npy';

export const BUNDLE_FORMAT = 'lvm-lens-results';
export const BUNDLE_VERSION = 1;
export const BUNDLE_MANIFEST = 'lvm-results.json';

/** One model's results: the arrays every view shows instead of running it. */
export interface BundleModel {
  id: string;
  name: string;
  /** the .onnx file name and its SHA-256 */
  file: string;
  sha256: string;
  k: number;
  dim: number;
  n: number;
  /** the onnxruntime execution provider that ran it */
  provider: string;
  metrics: SplitMetrics;
  /** [n, dim] widened from the bundle's float16 */
  predictions: Float32Array;
  /** [n] cos(prediction, target) */
  cosines: Float32Array;
  /** [n] target rank */
  ranks: Int32Array;
  /** [n, top] bank rows and their cosines, best first (-1: none) */
  topIds: Int32Array;
  topScores: Float32Array;
  top: number;
}

export interface ResultsBundle {
  command: string;
  created: string;
  retrieval: string;
  dataset: {
    name: string;
    kind: string;
    rows: number;
    dim: number;
    sha256: string;
    hashed: string;
  };
  /** bank row of each window's target, per K */
  targetRows: Map<number, Int32Array>;
  models: BundleModel[];
  baselines: { id: string; name: string; k: number; metrics: SplitMetrics }[];
}

/** Whether a set of files holds a results bundle (its manifest is there). */
export function isResultsBundle(names: string[]): boolean {
  return names.some((n) => baseName(n) === BUNDLE_MANIFEST);
}

const baseName = (name: string) => name.replace(/^.*[\\/]/, '');

type Json = Record<string, unknown>;

function field<T>(obj: Json, key: string, type: string, where: string): T {
  const v = obj[key];
  const ok = type === 'array' ? Array.isArray(v) : typeof v === type && v !== null;
  if (!ok)
    fail(
      BUNDLE_MANIFEST,
      'bad-json',
      `${where}.${key} (${type})`,
      v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 40),
    );
  return v as T;
}

/** The manifest's parts the app relies on, checked; arrays are read in parseResultsBundle. */
function readManifest(bytes: ArrayBuffer): Json {
  let m: unknown;
  try {
    m = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    fail(BUNDLE_MANIFEST, 'bad-json', 'JSON', `a syntax error (${(e as Error).message})`);
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    fail(BUNDLE_MANIFEST, 'bad-json', 'a JSON object', typeof m);
  const j = m as Json;
  if (j.format !== BUNDLE_FORMAT)
    fail(BUNDLE_MANIFEST, 'bad-json', `format '${BUNDLE_FORMAT}'`, `'${String(j.format)}'`);
  if (j.version !== BUNDLE_VERSION)
    fail(
      BUNDLE_MANIFEST,
      'unsupported-version',
      `version ${BUNDLE_VERSION}`,
      `version ${String(j.version)}`,
    );
  return j;
}

/**
 * Parse and cross-check a bundle from its files' bytes (names may carry folder paths): shapes
 * against the manifest, values against their ranges (bundleChecks.ts). The parse worker runs it.
 */
export function parseResultsBundle(
  files: { name: string; bytes: ArrayBuffer }[],
  ctx?: Pick<CallContext, 'cancelled'>,
): ResultsBundle {
  const byName = new Map<string, ArrayBuffer>();
  const pathOf = new Map<string, string>();
  for (const f of files) {
    const base = baseName(f.name);
    // two folders' files of one name: which one the manifest means cannot be told
    if (pathOf.has(base))
      fail(
        quote(base, 80),
        'count-mismatch',
        'one file of each name in a bundle',
        `${quote(pathOf.get(base), 80)} and ${quote(f.name, 80)}`,
      );
    pathOf.set(base, f.name);
    byName.set(base, f.bytes);
  }
  const manifestBytes =
    byName.get(BUNDLE_MANIFEST) ??
    fail('(bundle)', 'missing-key', BUNDLE_MANIFEST, files.map((f) => f.name).join(', ') || 'none');
  const m = readManifest(manifestBytes);
  const ds = field<Json>(m, 'dataset', 'object', 'manifest');
  const dataset = {
    name: field<string>(ds, 'name', 'string', 'dataset'),
    kind: field<string>(ds, 'kind', 'string', 'dataset'),
    rows: integerField(ds, 'rows', 'dataset', BUNDLE_MANIFEST, 1),
    dim: integerField(ds, 'dim', 'dataset', BUNDLE_MANIFEST, 1),
    sha256: field<string>(ds, 'sha256', 'string', 'dataset'),
    hashed: field<string>(ds, 'hashed', 'string', 'dataset'),
  };
  const array = (name: string, dtypes: string[], shape: number[]): NdArray => {
    if (ctx?.cancelled) throw new CancelledError();
    const bytes =
      byName.get(name) ??
      fail(
        quote(name, 80),
        'missing-key',
        `${quote(name, 80)} (named in ${BUNDLE_MANIFEST})`,
        'no such file given',
      );
    const a = parseNpy(bytes, name);
    if (!dtypes.includes(a.dtype)) fail(name, 'unsupported-dtype', dtypes.join(' or '), a.dtype);
    if (a.shape.length !== shape.length || a.shape.some((s, i) => s !== shape[i]))
      fail(name, 'bad-shape', `shape [${shape.join(', ')}]`, `shape [${a.shape.join(', ')}]`);
    return a;
  };
  const targetRows = new Map<number, Int32Array>();
  for (const w of field<Json[]>(m, 'windows', 'array', 'manifest')) {
    const k = integerField(w, 'k', 'windows[]', BUNDLE_MANIFEST, 1);
    const n = integerField(w, 'n', 'windows[]', BUNDLE_MANIFEST, 0);
    const file = field<string>(w, 'target_rows', 'string', 'windows[]');
    const rows = array(file, ['int32'], [n]).data as Int32Array;
    checkTargetRows(rows, dataset.rows, file);
    targetRows.set(k, rows);
  }
  const top = integerField(
    field<Json>(m, 'retrieval', 'object', 'manifest'),
    'top',
    'retrieval',
    BUNDLE_MANIFEST,
    1,
  );
  const models = field<Json[]>(m, 'models', 'array', 'manifest').map((e): BundleModel => {
    const id = field<string>(e, 'id', 'string', 'models[]');
    const where = `models[${quote(id)}]`;
    const k = integerField(e, 'k', where, BUNDLE_MANIFEST, 1);
    const n = integerField(e, 'n', where, BUNDLE_MANIFEST, 0);
    const dim = integerField(e, 'dim', where, BUNDLE_MANIFEST, 1);
    if (targetRows.get(k)?.length !== n)
      fail(
        BUNDLE_MANIFEST,
        'count-mismatch',
        `windows of K = ${k} listed with ${n} targets (model ${id})`,
        targetRows.has(k) ? `${targetRows.get(k)!.length}` : 'none',
      );
    if (dim !== dataset.dim)
      fail(
        BUNDLE_MANIFEST,
        'wrong-dim',
        `${dataset.dim}-D (the dataset)`,
        `${dim}-D (model ${id})`,
      );
    const f = field<Json>(e, 'files', 'object', `models[${id}]`);
    const name = (key: string) => field<string>(f, key, 'string', `${where}.files`);
    const model: BundleModel = {
      id,
      name: field<string>(e, 'name', 'string', where),
      file: field<string>(e, 'file', 'string', where),
      sha256: field<string>(e, 'sha256', 'string', where),
      k,
      dim,
      n,
      provider: field<string>(e, 'provider', 'string', where),
      metrics: field<SplitMetrics>(e, 'metrics', 'object', where),
      predictions: array(name('predictions'), ['float16'], [n, dim]).data as Float32Array,
      cosines: array(name('cosines'), ['float32'], [n]).data as Float32Array,
      ranks: array(name('ranks'), ['int32'], [n]).data as Int32Array,
      topIds: array(name('top_ids'), ['int32'], [n, top]).data as Int32Array,
      topScores: array(name('top_scores'), ['float32'], [n, top]).data as Float32Array,
      top,
    };
    checkModelValues(model, targetRows.get(k)!, dataset.rows, {
      ranks: name('ranks'),
      cosines: name('cosines'),
      topIds: name('top_ids'),
      topScores: name('top_scores'),
    });
    return model;
  });
  if (models.length === 0) fail(BUNDLE_MANIFEST, 'missing-key', 'at least one model', 'none');
  const baselines = field<Json[]>(m, 'baselines', 'array', 'manifest').map((b) => ({
    id: field<string>(b, 'id', 'string', 'baselines[]'),
    name: field<string>(b, 'name', 'string', 'baselines[]'),
    k: integerField(b, 'k', 'baselines[]', BUNDLE_MANIFEST, 1),
    metrics: field<SplitMetrics>(b, 'metrics', 'object', 'baselines[]'),
  }));
  return {
    command: field<string>(m, 'command', 'string', 'manifest'),
    created: field<string>(m, 'created', 'string', 'manifest'),
    retrieval: field<string>(
      field<Json>(m, 'retrieval', 'object', 'manifest'),
      'top_k',
      'string',
      'retrieval',
    ),
    dataset,
    targetRows,
    models,
    baselines,
  };
}

/** The files of `names` that belong to the bundle (its manifest and the arrays it names). */
export function bundleFileNames(manifestBytes: ArrayBuffer): string[] {
  const m = readManifest(manifestBytes);
  const names = [BUNDLE_MANIFEST];
  for (const w of (m.windows as Json[] | undefined) ?? []) names.push(String(w.target_rows));
  for (const e of (m.models as Json[] | undefined) ?? [])
    names.push(...Object.values((e.files as Record<string, string> | undefined) ?? {}));
  return names;
}
