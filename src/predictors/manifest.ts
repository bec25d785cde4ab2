/** Types of public/models/manifest.json (written by training/export.py) and its loader. */

import type { SplitMetrics } from '../data/splitMetrics';

export type { SplitMetrics };

export interface ManifestTensor {
  name: string;
  shape: (number | string | null)[];
}

export interface EpochRecord {
  epoch: number;
  train_loss: number;
  val_loss: number;
  val_cosine: number;
  val_hit1: number;
  val_hit5: number;
  val_hit10: number;
  seconds: number;
}

export interface ManifestModel {
  id: string;
  name: string;
  architecture: string;
  params: number;
  D: number;
  K: number;
  /** path relative to models/ */
  file: string;
  bytes: number;
  sha256: string;
  /** the encoder's name, e.g. "sentence-transformers/all-MiniLM-L6-v2" */
  encoder: string;
  inputs: ManifestTensor[];
  outputs: ManifestTensor[];
  history: EpochRecord[];
  best_epoch: number;
  train_seconds: number;
  metrics: ShippedMetrics;
  /** the checkpoint's config: constructor args, training recipe, data hash (nanoGPT's model_args) */
  config?: { model_args: Record<string, number>; recipe: Record<string, unknown>; data: string };
  /** for a model whose K is not the manifest's: the baselines on this model's own windows */
  baselines_same_windows?: Record<BaselineId, ShippedMetrics>;
}

export type BaselineId = 'linear_average' | 'persistence' | 'global_mean';

export interface ManifestBaseline {
  id: BaselineId;
  name: string;
  metrics: ShippedMetrics;
}

/** Metrics on the shipped demo splits, by the app's rule (stress: the Moby-Dick split). */
export interface ShippedMetrics {
  val: SplitMetrics;
  ood: SplitMetrics;
  stress?: SplitMetrics;
}

/** The sentence encoder the vectors came from (top level of the manifest). */
export interface ManifestEncoder {
  name: string;
  package?: string;
  version?: string;
  dim: number;
}

export interface Manifest {
  encoder: ManifestEncoder;
  dataset: string;
  k: number;
  dim: number;
  models: ManifestModel[];
  baselines: ManifestBaseline[];
}

/** URL of a file under public/models/, on our own origin. */
export function modelsUrl(file: string): string {
  return `${import.meta.env.BASE_URL}models/${file}`;
}

let cached: Promise<Manifest> | null = null;

/** Fetches models/manifest.json once; a failed fetch is not cached, so a retry can succeed. */
export function loadManifest(): Promise<Manifest> {
  cached ??= fetchManifest();
  cached.catch(() => (cached = null));
  return cached;
}

async function fetchManifest(): Promise<Manifest> {
  const url = modelsUrl('manifest.json');
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`Could not fetch ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) {
    throw new Error(
      `The shipped model manifest is missing (${url}: HTTP ${res.status}); run training/export.py`,
    );
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new Error(`${url} is not valid JSON`);
  }
  return validateManifest(json, url);
}

/** Checks the fields the app relies on; throws naming the first one that is missing. */
export function validateManifest(json: unknown, source = 'manifest.json'): Manifest {
  const m = json as Partial<Manifest> | null;
  const bad = (what: string): never => {
    throw new Error(`${source} is malformed: ${what}`);
  };
  if (!m || typeof m !== 'object') bad('not an object');
  if (!Array.isArray(m!.models)) bad('"models" must be a list');
  m!.models!.forEach((x, i) => {
    for (const key of ['id', 'name', 'file'] as const) {
      if (typeof x?.[key] !== 'string') bad(`models[${i}].${key} must be a string`);
    }
  });
  if (m!.baselines !== undefined && !Array.isArray(m!.baselines)) bad('"baselines" must be a list');
  return { baselines: [], ...m } as Manifest;
}
