import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { clusterKnn } from './clusterKnn';
import { bruteForceBlock, exactKnn, type KnnBlockRunner } from './knn';
import { createKnnKernel } from './knnKernel';
import { refineKnn } from './knnRefine';
import { buildKnn, chooseKnnMethod, KNN_EXACT_BELOW } from './pipeline';
import { knnRecall } from './quality';
import { clusteredUnitVectors, randomUnitVectors } from '../test/randomVectors';

const KERNEL = new URL('../../public/kernels/knn.onnx', import.meta.url);
let onnxBlock: KnnBlockRunner;
beforeAll(async () => {
  onnxBlock = await createKnnKernel(new Uint8Array(readFileSync(KERNEL)), 'wasm');
});

const hooks = { cancelled: false, yieldNow: () => Promise.resolve() };

describe('cluster-pruned kNN', () => {
  // The documented bound (bench/README.md): on clustered data (6 broad clusters cut into 77 cells,
  // so neighbours straddle cell borders) at least 95% of the exact 10 nearest neighbours are found
  // (0.982 here; searching the home cell alone finds 0.42).
  it('finds at least 95% of the exact 10 nearest neighbours on clustered data', async () => {
    const n = 6000;
    const dim = 48;
    const x = clusteredUnitVectors(n, dim, 6, 11);
    const exact = await exactKnn(x, n, dim, 15, onnxBlock);
    const approx = await clusterKnn(x, n, dim, 15, onnxBlock);
    expect(knnRecall(approx.indices, exact.indices, n, 15, 10)).toBeGreaterThanOrEqual(0.95);
    for (let i = 0; i < n; i++) {
      expect(approx.indices[i * 15]).toBe(i);
      expect(approx.distances[i * 15]).toBe(0);
      expect(new Set(approx.indices.subarray(i * 15, (i + 1) * 15)).size).toBe(15);
    }
  });

  it('searches every point when the probed cells hold fewer than k', async () => {
    const x = randomUnitVectors(40, 8, 2);
    const approx = await clusterKnn(x, 40, 8, 15, bruteForceBlock, { clusters: 20, probes: 1 });
    const exact = await exactKnn(x, 40, 8, 15, bruteForceBlock);
    expect(knnRecall(approx.indices, exact.indices, 40, 15, 10)).toBeGreaterThan(0.9);
  });
});

describe('kNN method by size', () => {
  it('is exact below the crossover and approximate from it on', () => {
    expect(chooseKnnMethod(KNN_EXACT_BELOW - 1)).toBe('exact');
    expect(chooseKnnMethod(KNN_EXACT_BELOW)).toBe('approx');
    expect(chooseKnnMethod(10, 'approx')).toBe('approx');
    expect(chooseKnnMethod(10 ** 7, 'exact')).toBe('exact');
  });

  it('below the crossover the Map gets the brute-force graph exactly', async () => {
    const n = 700;
    const dim = 24;
    // Unclustered: the cluster-pruned search would miss some of these neighbours.
    const x = randomUnitVectors(n, dim, 4);
    const got = await buildKnn(x, n, dim, 15, onnxBlock, hooks, chooseKnnMethod(n));
    const want = await exactKnn(x, n, dim, 15, bruteForceBlock);
    expect(knnRecall(got.indices, want.indices, n, 15, 14)).toBe(1);
    for (let i = 0; i < n * 15; i++) expect(got.distances[i]).toBeCloseTo(want.distances[i], 5);
  });
});

describe('neighbour-of-neighbour refinement', () => {
  it('recovers neighbours a partial graph missed, and leaves an exact graph alone', async () => {
    const n = 1500;
    const dim = 8;
    const x = randomUnitVectors(n, dim, 8);
    const exact = await exactKnn(x, n, dim, 10, bruteForceBlock);
    const probed = await clusterKnn(x, n, dim, 10, bruteForceBlock, { clusters: 60, probes: 1 });
    const before = knnRecall(probed.indices, exact.indices, n, 10, 9);
    await refineKnn(x, dim, probed, 2);
    const after = knnRecall(probed.indices, exact.indices, n, 10, 9);
    expect(after).toBeGreaterThan(before + 0.1);
    for (let i = 0; i < n; i++) expect(probed.indices[i * 10]).toBe(i);
    const copy = { ...exact, indices: exact.indices.slice(), distances: exact.distances.slice() };
    expect(await refineKnn(x, dim, copy, 1)).toEqual([0]);
  });

  it('refuses points too many for WebAssembly memory with the sizes, before touching the graph', async () => {
    // 3M × 384 float32 is 4.6 GB; the check comes before the copy, so no such array is needed here.
    const graph = {
      n: 3_000_000,
      k: 15,
      indices: new Int32Array(0),
      distances: new Float32Array(0),
    };
    await expect(refineKnn(new Float32Array(0), 384, graph, 2)).rejects.toThrow(
      /3,000,000 × 384 points need 4\.6 GB of WebAssembly memory; at most 4\.3 GB fit/,
    );
  });
});
