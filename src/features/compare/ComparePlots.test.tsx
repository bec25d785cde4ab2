// @vitest-environment jsdom
/**
 * Compare's plots as drawn: which plots a dataset gets (the manifest's only on the shipped split
 * they describe) and the axes the paired scatter is drawn with (plotly itself draws in jsdom; its
 * graph div keeps the layout it was given).
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../engine/types';
import type { EvalEntry } from '../../metrics/evaluate';
import { summarize } from '../../metrics/hits';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { ComparePlots } from './ComparePlots';

beforeAll(installInProcessWorkers); // serves public/ (the manifest) to fetch
afterEach(cleanup);

function entry(id: string, name: string, cos: number[]): EvalEntry {
  const cosines = Float32Array.from(cos);
  const ranks = Int32Array.from(cos.map((_, i) => 1 + i));
  return {
    id,
    name,
    kind: 'model',
    prediction: new Float32Array(cos.length),
    cosines,
    ranks,
    top: { ids: new Int32Array(0), scores: new Float32Array(0), k: 0 },
    summary: summarize(cosines, ranks),
    backend: 'wasm',
    predictMs: 1,
    rankMs: 1,
  };
}

// every cosine in 0.31..0.87: the scatter must not span −1…1
const entries = [
  entry('amn', 'AMN', [0.31, 0.52, 0.64, 0.8]),
  entry('gru', 'GRU', [0.35, 0.47, 0.7, 0.87]),
];
const models = [
  { id: 'amn', name: 'AMN', params: 787_328 },
  { id: 'gru', name: 'GRU', params: 1_000_000 },
] as unknown as ModelInfo[];

const draw = (datasetId: string) =>
  render(
    <ComparePlots
      datasetId={datasetId}
      entries={entries}
      models={models}
      onPickWindow={() => undefined}
    />,
  );
const titles = () => screen.getAllByTestId('plot').map((f) => f.getAttribute('aria-label'));

describe('ComparePlots', () => {
  it('draws the manifest-only plots on the shipped split, labelled as the shipped models', async () => {
    draw('demo-val');
    await waitFor(
      () => expect(titles()).toContain('Training curves of the shipped models (from the manifest)'),
      {
        timeout: 20_000,
      },
    );
    expect(titles()).toContain('Parameters vs val cosine (shipped models)');
  });

  it("hides them for a user's own dataset, which the manifest does not describe", async () => {
    draw('user_windows.npz');
    // the manifest has loaded (the shipped split would show its curves by now)
    await new Promise((r) => setTimeout(r, 1500));
    expect(titles().some((t) => /Training curves|Parameters vs/.test(t ?? ''))).toBe(false);
    expect(titles()).toContain('Per-window cosine');
  });

  it("draws the paired scatter over the data's range, with the identity line across it", async () => {
    draw('user_windows.npz');
    const fig = screen
      .getAllByTestId('plot')
      .find((f) => f.getAttribute('aria-label')?.startsWith('Per-window cosine: AMN vs GRU'))!;
    const gd = fig.querySelector('div') as unknown as {
      layout?: { xaxis: { range: number[] }; yaxis: { range: number[] } };
      data?: { x: number[]; y: number[] }[];
    };
    await waitFor(() => expect(gd.layout).toBeTruthy(), { timeout: 20_000 });
    const [x0, x1] = gd.layout!.xaxis.range;
    expect(gd.layout!.yaxis.range).toEqual([x0, x1]);
    // the points (0.31..0.87) fill the axes: the range is theirs plus a small margin
    expect(x0).toBeLessThan(0.31);
    expect(x0).toBeGreaterThan(0.25);
    expect(x1).toBeGreaterThan(0.87);
    expect(x1).toBeLessThan(0.93);
    const identity = gd.data![1];
    expect(identity.x).toEqual([x0, x1]);
    expect(identity.y).toEqual([x0, x1]);
  });
});
