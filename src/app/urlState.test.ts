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

  it('round-trips model ids holding commas and percent signs, and still reads a typed list', () => {
    const state: UrlState = {
      ...fallback,
      models: ['results:a,b', 'user:50%,x', 'plain', 'odd%2Cid'],
    };
    expect(parseUrlState(formatUrlState(state), fallback).models).toEqual(state.models);
    expect(parseUrlState('?models=amn,transformer', fallback).models).toEqual([
      'amn',
      'transformer',
    ]);
  });

  it('ignores an unknown view and a negative window', () => {
    expect(parseUrlState('?view=nope&window=-3', fallback)).toEqual(fallback);
  });
});
