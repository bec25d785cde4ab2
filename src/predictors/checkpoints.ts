/**
 * Checkpoints of one model (docs/metrics.md, "Checkpoints of one model"): which epoch each file
 * is, their order, the metric curves over epochs, and the windows whose rank changed most between
 * two checkpoints. Pure functions; the view loads and evaluates the files.
 */
import type { MetricSummary } from '../metrics/hits';

/** Where a checkpoint's epoch number came from (shown on screen). */
export type EpochSource = 'metadata' | 'file name' | 'load order';

export interface CheckpointFile {
  fileName: string;
  /** the ONNX metadata_props, or null when they could not be read */
  metadata: Record<string, string> | null;
}

export interface PlannedCheckpoint {
  fileName: string;
  /** the file's position among those given (names can repeat across folders) */
  index: number;
  epoch: number;
  /** `<name>@<epoch>`: the engine and store id */
  id: string;
  /** the model's name without the epoch */
  name: string;
}

/** The epoch written by `--export-every-epoch` (`lvm_lens.epoch`), or null. */
export function epochFromMetadata(meta: Record<string, string> | null): number | null {
  const v = meta?.['lvm_lens.epoch'];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : null;
}

/** The number after "epoch" in a file name (`amn_epoch03.onnx` -> 3; the last one wins), or null. */
export function epochFromFileName(fileName: string): number | null {
  const all = [...fileName.matchAll(/epoch[_-]?(\d+)/gi)];
  return all.length ? Number(all[all.length - 1][1]) : null;
}

const distinct = (xs: (number | null)[]): xs is number[] =>
  xs.every((x) => x !== null) && new Set(xs).size === xs.length;

/**
 * One epoch per file, all from one source: the metadata when every file has a distinct epoch
 * there, else the file names on the same terms, else the order the files were given in (1, 2 …).
 * One source for the whole set, because mixing them could put a file among the wrong neighbours.
 */
export function assignEpochs(files: readonly CheckpointFile[]): {
  epochs: number[];
  source: EpochSource;
} {
  const meta = files.map((f) => epochFromMetadata(f.metadata));
  if (distinct(meta)) return { epochs: meta, source: 'metadata' };
  const names = files.map((f) => epochFromFileName(f.fileName));
  if (distinct(names)) return { epochs: names, source: 'file name' };
  return { epochs: files.map((_, i) => i + 1), source: 'load order' };
}

/** The model's name: `lvm_lens.model_id` from the metadata, else the file stem without its epoch. */
export function checkpointName(file: CheckpointFile): string {
  const raw =
    file.metadata?.['lvm_lens.model_id'] ??
    file.fileName.replace(/\.onnx$/i, '').replace(/[_-]?epoch[_-]?\d+/gi, '');
  return (
    raw
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-|-$/g, '') || 'checkpoint'
  );
}

/** Ids, names and epochs of a set of checkpoint files, in epoch order. */
export function planCheckpoints(files: readonly CheckpointFile[]): {
  source: EpochSource;
  checkpoints: PlannedCheckpoint[];
} {
  const { epochs, source } = assignEpochs(files);
  const checkpoints = files
    .map((f, i) => {
      const name = checkpointName(f);
      return {
        fileName: f.fileName,
        index: i,
        epoch: epochs[i],
        name,
        id: `${name}@${epochs[i]}`,
      };
    })
    .sort((a, b) => a.epoch - b.epoch || a.id.localeCompare(b.id));
  return { source, checkpoints };
}

/** The metrics drawn against the epoch, in legend order. */
export const CURVE_METRICS = [
  { key: 'cosineMean', label: 'Mean cosine' },
  { key: 'hit1', label: 'Hit@1' },
  { key: 'hit5', label: 'Hit@5' },
  { key: 'hit10', label: 'Hit@10' },
  { key: 'mrr', label: 'MRR' },
] as const satisfies readonly { key: keyof MetricSummary; label: string }[];

export type CurveMetric = (typeof CURVE_METRICS)[number]['key'];

/** One curve per metric: the value at each checkpoint, in the checkpoints' order. */
export function metricCurves(
  summaries: readonly MetricSummary[],
): { key: CurveMetric; label: string; values: number[] }[] {
  return CURVE_METRICS.map((m) => ({
    key: m.key,
    label: m.label,
    values: summaries.map((s) => s[m.key]),
  }));
}

/** How far a window's target moved between two checkpoints: |log2(rank_b / rank_a)|. */
export function rankShift(rankA: number, rankB: number): number {
  return Math.abs(Math.log2(rankB / rankA));
}

export interface MindChange {
  window: number;
  rankA: number;
  rankB: number;
  cosineA: number;
  cosineB: number;
  /** rankShift(rankA, rankB) */
  shift: number;
}

/**
 * The `top` windows whose target rank moved most from checkpoint a to b (largest shift first;
 * ties by the larger absolute rank change, then by window index). Unmoved windows are left out.
 */
export function changedMind(
  a: { ranks: ArrayLike<number>; cosines: ArrayLike<number> },
  b: { ranks: ArrayLike<number>; cosines: ArrayLike<number> },
  top = 20,
): MindChange[] {
  if (a.ranks.length !== b.ranks.length) {
    throw new Error(`checkpoints scored ${a.ranks.length} and ${b.ranks.length} windows`);
  }
  const rows: MindChange[] = [];
  for (let i = 0; i < a.ranks.length; i++) {
    const shift = rankShift(a.ranks[i], b.ranks[i]);
    if (shift === 0) continue;
    rows.push({
      window: i,
      rankA: a.ranks[i],
      rankB: b.ranks[i],
      cosineA: a.cosines[i],
      cosineB: b.cosines[i],
      shift,
    });
  }
  rows.sort(
    (x, y) =>
      y.shift - x.shift ||
      Math.abs(y.rankB - y.rankA) - Math.abs(x.rankB - x.rankA) ||
      x.window - y.window,
  );
  return rows.slice(0, top);
}
