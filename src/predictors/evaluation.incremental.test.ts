// @vitest-environment jsdom
/**
 * A large split is evaluated slab by slab: the partial results (metrics over the windows done so
 * far, with n) equal a one-shot run cut to those windows, the final result equals the one-shot run,
 * a cancelled re-run keeps the previous result, and a float16 bank ranks as its float32 widening.
 * Real retrieval worker (in-process), baselines as predictors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types';
import { withHalfVectors } from '../data/halfBankStorage';
import { halfToFloatTable } from '../data/ndarray';
import { cancelJob, getJob, startJob } from '../jobs/runner';
import type { EvalEntry } from '../metrics/evaluate';
import { seededRandom } from '../projection/random';
import { installInProcessWorkers } from '../test/inProcessWorkers';
import { evaluate, windowsFor, type Evaluation } from './evaluation';

beforeAll(() => installInProcessWorkers());

const d = 16;
const rows = 150; // 5 articles of 30: 125 windows at K = 5
const rand = seededRandom(5);
// float16-representable values, so the same numbers can be stored either way
const table = halfToFloatTable();
const bits = Uint16Array.from({ length: rows * d }, () => 0x3000 + Math.floor(rand() * 0x1000));
const values = Float32Array.from(bits, (h) => table[h]);
const articleIds = Int32Array.from({ length: rows }, (_, i) => Math.floor(i / 30));

let serial = 0;
function stream(): Dataset {
  const id = `inc-${++serial}`;
  return {
    id,
    name: id,
    origin: 'test',
    dim: d,
    stream: { vectors: values, count: rows, articleIds },
    bank: { vectors: values, count: rows },
  };
}

/** The stream's windows as a windows file whose bank is the stream, stored as float16 or float32. */
function windowsFile(half: boolean): Dataset {
  const w = windowsFor(stream(), 5);
  const id = `inc-w-${++serial}`;
  const bank = half
    ? withHalfVectors({ half: bits.slice(), count: rows } as Dataset['bank'] & {
        half: Uint16Array;
      })
    : { vectors: values.slice(), count: rows };
  return {
    id,
    name: id,
    origin: 'test',
    dim: d,
    windows: { contexts: w.contexts.slice(), targets: w.targets.slice(), count: w.n, k: 5 },
    bank,
  };
}

const cut = (e: EvalEntry, n: number) => ({
  id: e.id,
  ranks: [...e.ranks.subarray(0, n)],
  cosines: [...e.cosines.subarray(0, n)],
  top: [...e.top.ids.subarray(0, n * e.top.k)],
});

describe('incremental evaluation', () => {
  it('gives partial metrics over the windows done so far, and the one-shot result at the end', async () => {
    const oneShot = await evaluate(stream(), []);
    expect(oneShot.n).toBe(125);
    expect(oneShot.entries.length).toBeGreaterThanOrEqual(2);
    const partials: Evaluation[] = [];
    const sliced = await evaluate(stream(), [], { slab: 40, onPartial: (p) => partials.push(p) });
    expect(partials.map((p) => [p.n, p.of])).toEqual([
      [40, 125],
      [80, 125],
      [120, 125],
    ]);
    for (const p of partials)
      p.entries.forEach((e, i) => {
        expect(e.summary.n).toBe(p.n);
        expect(cut(e, p.n)).toEqual(cut(oneShot.entries[i], p.n));
      });
    expect(sliced.of).toBeUndefined();
    sliced.entries.forEach((e, i) => {
      expect(cut(e, 125)).toEqual(cut(oneShot.entries[i], 125));
      expect(e.summary).toEqual(oneShot.entries[i].summary);
    });
  });

  it('keeps the previous result when a re-run is cancelled mid-way', async () => {
    const ds = stream();
    const key = `inc-job-${ds.id}`;
    const run = (cancelAt?: number) =>
      new Promise<void>((resolve) => {
        startJob<Evaluation>(
          { key, slot: 'inc', title: 'inc' },
          async (ctx) => {
            try {
              return await evaluate(ds, [], {
                signal: ctx.signal,
                force: true,
                slab: 40,
                onPartial: (p) => {
                  ctx.partial(p);
                  if (p.n === cancelAt) {
                    expect(getJob<Evaluation>(key)?.result?.n).toBe(cancelAt);
                    cancelJob(key);
                  }
                },
              });
            } finally {
              setTimeout(resolve, 0);
            }
          },
          { force: true },
        );
      });
    await run();
    const first = getJob<Evaluation>(key)!.result!;
    expect(first.n).toBe(125);
    await run(80);
    const job = getJob<Evaluation>(key)!;
    expect(job.status).toBe('cancelled');
    expect(job.result).toBe(first);
  });

  it('ranks against a float16 bank exactly as against its float32 widening', async () => {
    const half = await evaluate(windowsFile(true), [], { slab: 50 });
    const full = await evaluate(windowsFile(false), []);
    half.entries.forEach((e, i) => expect(cut(e, 125)).toEqual(cut(full.entries[i], 125)));
  });
});
