/** The Map's smallest test picture, shared by src/features/map/MapPlot.test.tsx and mapPicking.test.ts. */
import { KIND, type MapPoints } from '../features/map/mapData';

/**
 * Two windows laid out in 2-D: targets (map points 0, 1) at (0, 0) and (10, 0), AMN's predictions
 * (points 2, 3) at (0, 5) and (10, 5).
 */
export function twoWindowMap(): { points: MapPoints; embedding: Float32Array } {
  const points: MapPoints = {
    n: 4,
    dim: 2,
    vectors: new Float32Array(8),
    kind: Uint8Array.from([KIND.target, KIND.target, KIND.prediction, KIND.prediction]),
    window: Int32Array.from([0, 1, 0, 1]),
    predictor: Int16Array.from([-1, -1, 0, 0]),
    cosine: Float32Array.from([1, 1, 0.8, 0.6]),
    row: Int32Array.from([0, 1, -1, -1]),
    predictors: [{ id: 'amn', name: 'AMN' }],
    windows: 2,
  };
  return { points, embedding: Float32Array.from([0, 0, 10, 0, 0, 5, 10, 5]) };
}
