import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState, type UrlState } from './urlState';

const fallback: UrlState = { view: 'predict', datasetId: 'demo-ood', models: null, windowIndex: 0 };

describe('url state', () => {
  it('round-trips view, data, models and window', () => {
    const state: UrlState = {
      view: 'compare',
      datasetId: 'demo-val',
      models: ['amn', 'gru'],
      windowIndex: 42,
    };
    expect(parseUrlState(formatUrlState(state), fallback)).toEqual(state);
  });

  it('ignores an unknown view and a negative window', () => {
    expect(parseUrlState('?view=nope&window=-3', fallback)).toEqual(fallback);
  });
});
