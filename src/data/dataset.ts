/** Parsed tensors -> a Dataset: pick each array's role (or ask), then build a windows or stream dataset. */
import { detectKeys } from './npzAliases';
import { buildStreamDataset } from './streamDataset';
import type { Bundle, Dataset, KeyMapping } from './types';
import { buildWindowsDataset } from './windowsDataset';

export type { Bundle, KeyMapping } from './types';

export interface KeyInfo {
  key: string;
  shape: number[];
  dtype: string;
  file: string;
}

/** A dataset (its `warnings` say what the load dropped or ignored), or the keys to map by hand. */
export type BuildResult =
  | { kind: 'dataset'; dataset: Dataset }
  | { kind: 'needs-mapping'; keys: KeyInfo[]; guess: KeyMapping; reason: string };

export interface BuildOptions {
  id?: string;
  name?: string;
  origin?: string;
  mapping?: KeyMapping;
  /** drop rows (stream) or windows holding NaN/Inf or all-zero vectors instead of refusing them */
  dropBadRows?: boolean;
}

/** Interpret a bundle as a windows or stream dataset, or ask for a key mapping when that is ambiguous. */
export function buildDataset(b: Bundle, opts: BuildOptions = {}): BuildResult {
  const file = b.files.join(' + ');
  const head = {
    id: opts.id ?? `file:${file}`,
    name: opts.name ?? file,
    origin: opts.origin ?? file,
  };
  let mapping = opts.mapping;
  if (!mapping) {
    const d = detectKeys(b);
    if (d.ambiguous) {
      const keys = Object.entries(b.tensors).map(([key, t]) => ({
        key,
        shape: t.shape,
        dtype: t.dtype,
        file: t.file,
      }));
      return { kind: 'needs-mapping', keys, guess: d.mapping, reason: d.ambiguous };
    }
    mapping = d.mapping;
  }
  const drop = !!opts.dropBadRows;
  const dataset =
    mapping.contexts || mapping.targets
      ? buildWindowsDataset(b, mapping, head, drop)
      : buildStreamDataset(b, mapping, head, drop);
  const warnings = [...(b.notes ?? []), ...(dataset.warnings ?? [])];
  return { kind: 'dataset', dataset: warnings.length ? { ...dataset, warnings } : dataset };
}
