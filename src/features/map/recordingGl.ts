/**
 * A WebGL context that records draw calls and accepts everything else: jsdom has no WebGL, and what
 * is tested with it is which vertices are drawn when, and what the map says when the context goes,
 * not the pixels (e2e/map.spec.ts reads those). For tests only.
 */
export function recordingGl() {
  const draws: { mode: string; first: number; count: number }[] = [];
  const gl = new Proxy(
    {
      POINTS: 'points',
      LINES: 'lines',
      drawArrays: (mode: string, first: number, count: number) =>
        draws.push({ mode, first, count }),
      getShaderParameter: () => true,
      getProgramParameter: () => true,
      getAttribLocation: () => 0,
    } as Record<string, unknown>,
    { get: (t, k: string) => (k in t ? t[k] : () => ({})) },
  );
  return { gl, draws };
}
