/**
 * One search over a bank held in slices (one per worker, each its own WasmRankBank over rows
 * [from, from + m)): every slice gets the same queries, the target's score from the target row's
 * own values (scored as a row outside the slice, which gives the same bits as the row itself), and
 * the window's excluded rows that fall in it; each returns its count of rows above the target and
 * its top list with those rows left out. Counts add up, top lists merge. Unpacked by
 * retrievalResult.ts, as every kernel's output.
 */
import { CancelledError } from '../lib/worker-rpc';
import type { ValueGroups } from '../data/valueGroups';
import type { SearchRequest, SearchResult } from './retrievalTypes';
import { keepBest, unpackRow } from './retrievalResult';
import { planSearch } from './searchPlan';
import type { RunContext } from './session';

export interface RankSlice {
  /** first bank row of the slice, and its row count */
  from: number;
  m: number;
  search(req: SearchRequest, ctx?: RunContext): Promise<SearchResult>;
}

/** A part's run: cancelled whenever `ctx` is, reporting to `progress`. */
const childRun = (ctx: RunContext, progress?: RunContext['progress']): RunContext => ({
  get cancelled() {
    return ctx.cancelled ?? false;
  },
  progress,
});

/** Each row its own group: a slice is sent its exclusions already expanded. */
export function ownGroups(m: number): ValueGroups {
  return { first: Int32Array.from({ length: m }, (_, j) => j), next: new Int32Array(m).fill(-1) };
}

/** Can `slices` answer a search for `top` neighbours with `width` exclusions (each fills its list)? */
export const slicesFit = (slices: RankSlice[], top: number, width: number) =>
  slices.every((s) => s.m >= top + width);

/**
 * Top-k and exact ranks over the whole bank from its slices. `rowValues(j, out)` gives bank row j
 * as float32 (float16 widened), for the targets' values.
 */
export async function searchSlices(
  slices: RankSlice[],
  bank: { m: number; d: number; groups: ValueGroups },
  rowValues: (j: number, out: Float32Array) => void,
  req: SearchRequest,
  ctx: RunContext = {},
): Promise<SearchResult> {
  const t0 = performance.now();
  if (ctx.cancelled) throw new CancelledError();
  const { n } = req;
  const { d } = bank;
  const { exclusions, kk, result } = planSearch(req, bank, 'wasm');
  if (!slicesFit(slices, req.top, exclusions.width))
    throw new Error('A slice is smaller than the top list it must fill');
  const targets = new Float32Array(n * d);
  const row = new Float32Array(d);
  for (let i = 0; i < n; i++) {
    const t = req.targetIndex[i];
    if (t >= 0) {
      rowValues(t, row);
      targets.set(row, i * d);
    } else if (req.targets) targets.set(req.targets.subarray(i * d, (i + 1) * d), i * d);
    else throw new Error(`Window ${i} has no target in the bank and no target vector`);
  }
  const parts = await Promise.all(
    slices.map((s, at) => {
      const local = (j: number) => (j >= s.from && j < s.from + s.m ? j - s.from : -1);
      const contextIndex = new Int32Array(n * kk).fill(-1);
      if (exclusions.width)
        for (let x = 0; x < n * kk; x++) contextIndex[x] = local(exclusions.index[x]);
      return s.search(
        {
          queries: req.queries,
          n,
          targetIndex: req.targetIndex.map(local),
          contextIndex,
          k: kk,
          top: req.top,
          targets,
        },
        // progress from the first slice stands for all (they run side by side)
        childRun(ctx, at === 0 ? ctx.progress : undefined),
      );
    }),
  );
  if (ctx.cancelled) throw new CancelledError();
  const none = new Int32Array(0);
  for (let i = 0; i < n; i++) {
    let greater = 0;
    const ids: number[] = [];
    const scores: number[] = [];
    parts.forEach((p, s) => {
      greater += p.ranks[i] - 1;
      for (let r = 0; r < p.top; r++) {
        ids.push(slices[s].from + p.topIndices[i * p.top + r]);
        scores.push((p.exactTopScores ?? p.topScores)[i * p.top + r]);
      }
    });
    keepBest(ids, scores, ids.length);
    unpackRow(result, i, req.targetIndex[i], {
      greater,
      targetScore: parts[0].targetScores[i],
      ctxIdx: none,
      ctxScores: none,
      ctxOffset: 0,
      kk: 0,
      topIds: ids,
      topScores: scores,
      topOffset: 0,
      topCount: ids.length,
    });
  }
  result.wallMs = performance.now() - t0;
  return result;
}

/**
 * One search over a bank every part holds whole (a bank small enough to copy per worker): each
 * part answers a contiguous share of the windows, so no window's work is done twice (a slice of
 * rows repeats each window's query set-up and first top-list candidates). Exclusions go out
 * expanded, as to slices; results are copied into place.
 */
export async function searchWindowShares(
  parts: RankSlice[],
  bank: { m: number; d: number; groups: ValueGroups },
  req: SearchRequest,
  ctx: RunContext = {},
): Promise<SearchResult> {
  const t0 = performance.now();
  if (ctx.cancelled) throw new CancelledError();
  const { n } = req;
  const { d } = bank;
  const { exclusions, kk, result } = planSearch(req, bank, 'wasm');
  const per = Math.ceil(n / parts.length);
  const done = parts.map(() => 0);
  await Promise.all(
    parts.map(async (part, at) => {
      const [a, b] = [Math.min(n, at * per), Math.min(n, (at + 1) * per)];
      if (b <= a) return;
      // slices, not views: a view would post its whole buffer to the worker
      const share = await part.search(
        {
          queries: req.queries.slice(a * d, b * d),
          n: b - a,
          targetIndex: req.targetIndex.slice(a, b),
          contextIndex: exclusions.width
            ? exclusions.index.slice(a * kk, b * kk)
            : new Int32Array((b - a) * kk).fill(-1),
          k: kk,
          top: req.top,
          targets: req.targets?.slice(a * d, b * d),
        },
        childRun(ctx, (x) => {
          done[at] = x;
          ctx.progress?.(
            done.reduce((s, v) => s + v, 0),
            n,
          );
        }),
      );
      result.ranks.set(share.ranks, a);
      result.targetScores.set(share.targetScores, a);
      result.topIndices.set(share.topIndices, a * result.top);
      result.topScores.set(share.topScores, a * result.top);
    }),
  );
  if (ctx.cancelled) throw new CancelledError();
  result.wallMs = performance.now() - t0;
  return result;
}
