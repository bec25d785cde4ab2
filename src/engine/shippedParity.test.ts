/**
 * The shipped ONNX models, run by onnxruntime-web (WASM) in Node, must reproduce the PyTorch float32
 * predictions that `python -m training export` saved for 256 real OOD windows.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNpy } from '../data/npy';
import { getOrt } from './ort';

// The build the app runs WASM sessions on (Node has no cross-origin isolation: 1 thread).
const ort = getOrt();

const ROOT = resolve(__dirname, '../..');
// Every shipped model, with its context length (the export writes windows_k{K}.npy for K != 5).
const MODELS: { id: string; K: number }[] = JSON.parse(
  readFileSync(resolve(ROOT, 'public/models/manifest.json'), 'utf8'),
).models;
const TOLERANCE = 2e-3;
const windowsFile = (k: number) =>
  `e2e/fixtures/parity/${k === 5 ? 'windows.npy' : `windows_k${k}.npy`}`;

function loadNpy(path: string) {
  const bytes = readFileSync(resolve(ROOT, path));
  return parseNpy(new Uint8Array(bytes), path);
}

describe('shipped models match the PyTorch fixtures', () => {
  const windows5 = loadNpy(windowsFile(5));

  it('uses 256 real windows of [5, 384]', () => {
    expect(windows5.shape).toEqual([256, 5, 384]);
  });

  it('covers the whole fleet, the long-context model included', () => {
    expect(MODELS.map((m) => m.id)).toEqual(['amn', 'gru', 'lstm', 'transformer', 'memgru']);
  });

  for (const { id, K } of MODELS) {
    it(`${id}.onnx is within ${TOLERANCE} of PyTorch on 256 real windows of K = ${K}`, async () => {
      const windows = K === 5 ? windows5 : loadNpy(windowsFile(K));
      expect(windows.shape).toEqual([256, K, 384]);
      const expected = loadNpy(`e2e/fixtures/parity/${id}.prediction.npy`);
      const session = await ort.InferenceSession.create(
        readFileSync(resolve(ROOT, `public/models/${id}.onnx`)),
        { executionProviders: ['wasm'] },
      );
      const input = new ort.Tensor('float32', windows.data as Float32Array, windows.shape);
      const { prediction } = await session.run({ context: input });
      expect(prediction.dims).toEqual([256, 384]);
      const got = prediction.data as Float32Array;
      const want = expected.data as Float32Array;
      let maxDiff = 0;
      for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
      expect(maxDiff).toBeLessThanOrEqual(TOLERANCE);
      await session.release();
    });
  }
});
