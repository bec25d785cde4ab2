/**
 * The attention analyses on real ONNX models through the engine API (WASM in Node): tiny fixtures
 * from fixtures/make_fixtures.py, and the shipped AMN / Transformer once they exist.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngineApi } from '../../engine/api';
import { getOrt } from '../../engine/ort';
import { exists, readBytes, shippedDir, testdata } from '../../test/testModels';
import type { CallContext } from '../../lib/worker-rpc';
import { analyse } from './splitAnalyses';
import { rowSums } from './attentionMath';
import { addNoiseInPlace } from './edits';
import { seededRandom } from '../../projection/random';
import { modelAnalysable, type PredictFn } from './runners';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const ctx = (): CallContext => ({ cancelled: false, progress: () => undefined });

function unitRows(rows: number, d: number, seed: number): Float32Array {
  const x = new Float32Array(rows * d);
  addNoiseInPlace(x, d, 1, seededRandom(seed));
  return x;
}

async function load(path: string, id: string) {
  const api = createEngineApi(getOrt, undefined);
  const info = await api.loadModel({ id, name: id, source: 'user', bytes: readBytes(path) }, ctx());
  const predict: PredictFn = (mid, c, n, o) =>
    api.predict(mid, c, n, { ...(o.k ? { k: o.k } : {}) }, ctx());
  return { info, model: modelAnalysable(info, 'bulk', predict) };
}

const K = 5;
const D = 16;

describe('attention on fixture models', () => {
  it('rows of [n, 1, K] (attention pooling) and [n, 2, K] (two heads) sum to 1', async () => {
    const n = 40;
    const contexts = unitRows(n * K, D, 1);
    const targets = unitRows(n, D, 2);
    for (const [file, heads] of [
      [testdata('lvm_k5_d16.onnx'), 1],
      [fixture('heads_k5_d16.onnx'), 2],
    ] as const) {
      const { model } = await load(file, 'm');
      expect(model.hasAttention).toBe(true);
      const r = await analyse(model, contexts, targets, n, K, D);
      expect(r.attention).toMatchObject({ n, heads, k: K });
      for (const s of rowSums(r.attention!)) expect(Math.abs(s - 1)).toBeLessThan(1e-5);
      expect(r.spearman!.length).toBe(n);
    }
  });

  it('a model that ignores position 0 gets zero saliency there', async () => {
    const n = 50;
    const { model } = await load(fixture('ignore_first_k5_d16.onnx'), 'ignore0');
    const r = await analyse(model, unitRows(n * K, D, 3), unitRows(n, D, 4), n, K, D);
    for (let i = 0; i < n; i++) expect(Math.abs(r.occlusion[i * K])).toBeLessThan(1e-6);
    const rest = r.occlusion.filter((_, j) => j % K !== 0);
    expect(Math.max(...rest.map(Math.abs))).toBeGreaterThan(1e-2);
    expect(r.attention).toBeUndefined();
  });

  it('a dynamic-K model is also occluded by removal', async () => {
    const n = 30;
    const { info, model } = await load(fixture('last_dynk_d16.onnx'), 'last');
    expect(info.signature.k).toBeNull();
    const r = await analyse(model, unitRows(n * K, D, 5), unitRows(n, D, 6), n, K, D, {
      removal: true,
    });
    for (let i = 0; i < n; i++)
      for (let a = 0; a < K - 1; a++) {
        expect(Math.abs(r.removal![i * K + a])).toBeLessThan(1e-6);
        expect(Math.abs(r.occlusion[i * K + a])).toBeLessThan(1e-6);
      }
    expect(r.removal!.some((v, j) => j % K === K - 1 && Math.abs(v) > 1e-2)).toBe(true);
  });
});

describe('attention on the shipped models', () => {
  for (const id of ['amn', 'transformer']) {
    const path = `${shippedDir}${id}.onnx`;
    it.skipIf(!exists(path))(`${id}: every attention row sums to 1 within 1e-5`, async () => {
      const n = 64;
      const { model } = await load(path, id);
      expect(model.hasAttention).toBe(true);
      const r = await analyse(model, unitRows(n * K, 384, 7), unitRows(n, 384, 8), n, K, 384);
      expect(r.attention!.heads).toBe(id === 'amn' ? 1 : 8);
      for (const s of rowSums(r.attention!)) expect(Math.abs(s - 1)).toBeLessThan(1e-5);
    });
  }
});
