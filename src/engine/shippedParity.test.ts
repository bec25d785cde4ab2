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
const MODEL_IDS = ['amn', 'gru', 'lstm', 'transformer'];
const TOLERANCE = 2e-3;

function loadNpy(path: string) {
  const bytes = readFileSync(resolve(ROOT, path));
  return parseNpy(new Uint8Array(bytes), path);
}

describe('shipped models match the PyTorch fixtures', () => {
  const windows = loadNpy('e2e/fixtures/parity/windows.npy');

  it('uses 256 real windows of [5, 384]', () => {
    expect(windows.shape).toEqual([256, 5, 384]);
  });

  for (const id of MODEL_IDS) {
    it(`${id}.onnx is within ${TOLERANCE} of PyTorch`, async () => {
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
