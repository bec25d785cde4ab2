import { describe, expect, it } from 'vitest';
import { summarize } from '../../metrics/hits';
import type { EvalEntry } from '../../metrics/evaluate';
import { expectNameEscaped, HOSTILE_NAME } from '../../test/hostileText';
import type { EntryAnalysis } from './analysisJob';
import { regressionBoxes, sliceTraces, varianceRatioLines } from './analysisPlots';
import type { SliceSet } from './sliceSets';

const stat = { n: 1, mean: 0.5, se: 0 };
function analysed(name: string): EntryAnalysis {
  const entry = { id: 'user-1', name, kind: 'model', summary: summarize([0.5], [1]) };
  return {
    entry: entry as unknown as EvalEntry,
    slices: [{ cosine: [stat], hit5: [stat], mrr: [stat] }],
    regression: Float32Array.from([0.1]),
    varianceRatios: Float64Array.from([0.5, 1]),
  } as unknown as EntryAnalysis;
}
const topics = (label: string): SliceSet => ({
  key: 'topic',
  title: 'Article topic',
  slicing: { labels: [label], slice: Int32Array.from([0]) },
  rows: [[0]],
});
const METRICS = [{ key: 'cosine' as const, label: 'mean cosine' }];

describe('Analysis plot builders show names and topics as text, never as markup', () => {
  it('slice lines: a model name in the legend and hover', () =>
    expectNameEscaped(sliceTraces(topics('science'), 0, [analysed(HOSTILE_NAME)], METRICS)));
  it('slice lines: a topic from the dataset in tick labels and hover', () =>
    expectNameEscaped(sliceTraces(topics(HOSTILE_NAME), 0, [analysed('AMN')], METRICS)));
  it('regression boxes', () => expectNameEscaped(regressionBoxes([analysed(HOSTILE_NAME)])));
  it('variance ratio lines', () => expectNameEscaped(varianceRatioLines([analysed(HOSTILE_NAME)])));
});

describe('variance ratio lines on their log axis', () => {
  it('a constant predictor (every ratio 0) is named so and left off the axis, not an empty line', () => {
    const constant = { ...analysed('Global mean'), varianceRatios: Float64Array.from([0, 0]) };
    const [drawn, off] = varianceRatioLines([analysed('AMN'), constant]);
    expect(drawn).not.toHaveProperty('visible');
    expect(off).toMatchObject({ name: 'Global mean (0: constant)', visible: 'legendonly' });
  });
});
