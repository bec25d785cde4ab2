import { describe, expect, it } from 'vitest';
import { findABParams } from './fuzzyGraph';
import { bruteForceBlock, exactKnn } from './knn';
import { GradientTables, LensUmap, lookupCoefficient } from './lensUmap';
import { buildKnn, createLayout, runEpochs } from './pipeline';
import { neighbourPreservation } from './quality';
import { clusteredUnitVectors } from '../test/randomVectors';
import { DEFAULT_LAYOUT_PARAMS, type KnnGraph } from './types';

const n = 400;
const dim = 16;
const x = clusteredUnitVectors(n, dim, 8, 11);
const graphP = exactKnn(x, n, dim, 15, bruteForceBlock);
const params = { ...DEFAULT_LAYOUT_PARAMS, nEpochs: 60 };
const free = { cancelled: false, yieldNow: async () => {} };

describe('UMAP layout', () => {
  it("fits umap's a, b for the default min_dist", () => {
    // umap-learn: find_ab_params(1.0, 0.1) = (1.577, 0.895)
    const { a, b } = findABParams(1, 0.1);
    expect(a).toBeCloseTo(1.577, 1);
    expect(b).toBeCloseTo(0.895, 2);
  });

  it('tabulated gradient coefficients match the exact ones', () => {
    const t = new GradientTables(1.577, 0.895);
    for (let d2 = 1e-6; d2 < 1e6; d2 *= 1.0137) {
      for (const attract of [true, false]) {
        const exact = attract ? t.attractExact(d2) : t.repulseExact(d2);
        const got = lookupCoefficient(t, Math.fround(d2), attract);
        expect(Math.abs(got / exact - 1)).toBeLessThan(1e-4);
      }
    }
  });

  it.each(['lens', 'umap-js'] as const)('%s is deterministic for a fixed seed', async (engine) => {
    const graph = await graphP;
    const a = await runEpochs(createLayout(graph, params, engine), free);
    const b = await runEpochs(createLayout(graph, params, engine), free);
    const c = await runEpochs(createLayout(graph, { ...params, seed: 7 }, engine), free);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.every(Number.isFinite)).toBe(true);
  });

  it('keeps neighbourhoods about as well as umap-js', async () => {
    const graph: KnnGraph = await graphP;
    const lens = await runEpochs(createLayout(graph, params, 'lens'), free);
    const ref = await runEpochs(createLayout(graph, params, 'umap-js'), free);
    const q = neighbourPreservation(graph.indices, graph.k, lens, n);
    const qRef = neighbourPreservation(graph.indices, graph.k, ref, n);
    expect(q).toBeGreaterThan(qRef - 0.05);
  });

  it('reports progress once per epoch', async () => {
    const seen: number[] = [];
    const layout = new LensUmap(await graphP, { ...params, nEpochs: 5 });
    await runEpochs(layout, { ...free, progress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('cancel', () => {
  it('stops the epochs at the next check', async () => {
    const layout = new LensUmap(await graphP, { ...params, nEpochs: 1000 });
    const hooks = { cancelled: false, yieldNow: async () => {}, sliceMs: 0 };
    const run = runEpochs(layout, {
      ...hooks,
      get cancelled() {
        return layout.epoch >= 3;
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(layout.epoch).toBe(3);
  });

  it('stops the kNN between blocks', async () => {
    let blocks = 0;
    const run = buildKnn(
      x,
      n,
      dim,
      15,
      async (...args) => {
        blocks++;
        return bruteForceBlock(...args);
      },
      {
        yieldNow: async () => {},
        get cancelled() {
          return blocks >= 1;
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(blocks).toBe(1);
  });
});
