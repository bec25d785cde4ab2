import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bruteForceBlock, exactKnn, type KnnBlockRunner } from './knn';
import { createKnnKernel } from './knnKernel';
import { randomUnitVectors } from '../test/randomVectors';

const KERNEL = new URL('../../public/kernels/knn.onnx', import.meta.url);

let onnxBlock: KnnBlockRunner;
beforeAll(async () => {
  onnxBlock = await createKnnKernel(new Uint8Array(readFileSync(KERNEL)), 'wasm');
});

/** Index sets per row; neighbours whose similarity ties the row's k-th are allowed either way. */
function expectSameSets(
  got: { indices: Int32Array; distances: Float32Array },
  want: { indices: Int32Array; distances: Float32Array },
  n: number,
  k: number,
) {
  for (let i = 0; i < n; i++) {
    const row = (a: Int32Array) => [...a.subarray(i * k, (i + 1) * k)];
    const kth = want.distances[(i + 1) * k - 1];
    const strict = (idx: number[], d: Float32Array) =>
      idx.filter((_, j) => d[i * k + j] < kth - 1e-6).sort((a, b) => a - b);
    expect(strict(row(got.indices), got.distances)).toEqual(
      strict(row(want.indices), want.distances),
    );
    expect(got.indices[i * k]).toBe(i);
  }
}

describe('exact kNN', () => {
  it('the ONNX kernel in blocks matches the brute-force reference', async () => {
    const n = 613;
    const dim = 40;
    const k = 12;
    const x = randomUnitVectors(n, dim, 3);
    const want = await exactKnn(x, n, dim, k, bruteForceBlock);
    const got = await exactKnn(x, n, dim, k, onnxBlock, { blockRows: 100 });
    expectSameSets(got, want, n, k);
    for (let i = 0; i < n * k; i++) expect(got.distances[i]).toBeCloseTo(want.distances[i], 5);
  });

  it('puts each point first even when a duplicate ties with it', async () => {
    const n = 50;
    const dim = 8;
    const x = randomUnitVectors(n, dim, 5);
    x.copyWithin(10 * dim, 20 * dim, 21 * dim); // point 10 duplicates point 20
    const g = await exactKnn(x, n, dim, 4, onnxBlock, { blockRows: 7 });
    expect(g.indices[10 * 4]).toBe(10);
    expect(g.indices[10 * 4 + 1]).toBe(20);
    expect(g.indices[20 * 4 + 1]).toBe(10);
    expect(g.distances[10 * 4 + 1]).toBeCloseTo(0, 6);
    for (let i = 0; i < n; i++) expect(g.distances[i * 4]).toBe(0);
  });

  it('rejects k larger than the point count', async () => {
    await expect(exactKnn(new Float32Array(4), 2, 2, 3, bruteForceBlock)).rejects.toThrow(/k=3/);
  });
});
