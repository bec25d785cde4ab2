import { getOrt } from '../engine/ort';
import type { KnnBlockRunner } from './knn';

/** URL of the weight-free kNN graph written by scripts/make_kernels.py. */
export const KNN_KERNEL_URL = `${import.meta.env?.BASE_URL ?? '/'}kernels/knn.onnx`;

/**
 * A block runner backed by public/kernels/knn.onnx on onnxruntime-web: TopK(queries · pointsᵀ).
 * `model` is the kernel's bytes (fetched once by the caller).
 */
export async function createKnnKernel(
  model: Uint8Array,
  backend: 'wasm' | 'webgpu' = 'wasm',
): Promise<KnnBlockRunner> {
  const ort = getOrt(backend);
  const session = await ort.InferenceSession.create(model, { executionProviders: [backend] });
  let pointsTensor: InstanceType<typeof ort.Tensor> | null = null;
  let pointsOf: Float32Array | null = null;
  return async (queries, rows, points, n, dim, k) => {
    // The points are the same for every block of one call: wrap them once.
    if (pointsOf !== points) {
      pointsTensor = new ort.Tensor('float32', points, [n, dim]);
      pointsOf = points;
    }
    const out = await session.run({
      queries: new ort.Tensor('float32', queries, [rows, dim]),
      points: pointsTensor!,
      k: new ort.Tensor('int64', BigInt64Array.from([BigInt(k)]), [1]),
    });
    const values = out.values.data as Float32Array;
    const raw = out.indices.data as BigInt64Array;
    const indices = new Int32Array(raw.length);
    for (let i = 0; i < raw.length; i++) indices[i] = Number(raw[i]);
    return { values, indices };
  };
}
