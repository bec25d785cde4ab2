/**
 * Parse throughput on 200 MB of float32 (the target: under 3 s end to end).
 * Run: npx vitest bench --run bench/parse.bench.ts
 */
import { zipSync } from 'fflate';
import { bench, describe } from 'vitest';
import { writeNpy } from '../src/data/npy';
import { parseNpy } from '../src/data/npy';
import { parseFiles } from '../src/data/parseFiles';

const ROWS = 136_533; // x 384 x 4 bytes = 200 MiB
const DIM = 384;
const values = new Float32Array(ROWS * DIM);
for (let i = 0; i < values.length; i++) values[i] = Math.sin(i) + 1.5; // finite and non-zero
const npy = writeNpy(values, [ROWS, DIM]);
const npz = zipSync({ 'vectors.npy': npy }, { level: 0 });
// a '<f2' file of the same shape, for the conversion cost
const start = 10 + (npy[8] | (npy[9] << 8));
const half = new Uint8Array(start + ROWS * DIM * 2);
half.set(npy.subarray(0, start));
half.set(new TextEncoder().encode('<f2'), npy.indexOf(0x3c)); // the descr is the first '<'
const copy = (b: Uint8Array) => b.slice().buffer;

describe('200 MB float32', () => {
  bench('parseNpy', () => void parseNpy(npy, 'v.npy'), { iterations: 5, warmupIterations: 1 });
  bench(
    'parseFiles .npy -> Dataset (incl. NaN/zero scan)',
    () => void parseFiles([{ name: 'v.npy', bytes: copy(npy) }]),
    {
      iterations: 5,
      warmupIterations: 1,
    },
  );
  bench(
    'parseFiles stored .npz -> Dataset',
    () => void parseFiles([{ name: 'v.npz', bytes: copy(npz) }]),
    {
      iterations: 3,
      warmupIterations: 1,
    },
  );
  bench('parseNpy float16 (100 MB file, same shape)', () => void parseNpy(half, 'h.npy'), {
    iterations: 5,
    warmupIterations: 1,
  });
});
