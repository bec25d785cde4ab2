import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { RowDots } from './rowDots';

function scalarDot(x: Float32Array, dim: number, a: number, b: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += x[a * dim + d] * x[b * dim + d];
  return s;
}

describe('RowDots (WebAssembly SIMD)', () => {
  it.each([384, 13, 8, 1])(
    'equals a scalar dot product at dim %i (rows padded to 8 floats)',
    (dim) => {
      const n = 50;
      const rand = seededRandom(3);
      const x = new Float32Array(n * dim).map(() => rand() * 2 - 1);
      const dots = new RowDots(x, n, dim, 64);
      const ids = [49, 0, 7, 7, 23, 1];
      dots.ids.set(ids);
      const got = Array.from(dots.dots(5, ids.length));
      ids.forEach((j, t) => expect(got[t]).toBeCloseTo(scalarDot(x, dim, 5, j), 4));
      // only the first m ids are read
      dots.ids.set([3]);
      expect(dots.dots(3, 1)[0]).toBeCloseTo(scalarDot(x, dim, 3, 3), 4);
    },
  );

  it('refuses a matrix over WebAssembly’s 4 GB, saying what it needed', () => {
    expect(() => new RowDots(new Float32Array(0), 3_000_000, 384, 16)).toThrow(
      /4\.6 GB.*4\.3 GB fit/,
    );
  });

  it('is built from rowDots.wat (the committed bytes are what it compiles to)', () => {
    expect(() =>
      execFileSync('node', ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
