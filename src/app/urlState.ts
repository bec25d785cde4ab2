import { VIEWS, type View } from '../store/slices/ui';

/** The part of the app state a copied link reopens. */
export interface UrlState {
  view: View;
  datasetId: string;
  models: string[] | null;
  windowIndex: number;
}

export function parseUrlState(search: string, fallback: UrlState): UrlState {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  const win = Number(params.get('window'));
  const models = params.get('models');
  return {
    view: VIEWS.includes(view as View) ? (view as View) : fallback.view,
    datasetId: params.get('data') || fallback.datasetId,
    models: models ? models.split(',').filter(Boolean) : fallback.models,
    windowIndex: Number.isInteger(win) && win >= 0 ? win : fallback.windowIndex,
  };
}

export function formatUrlState(state: UrlState): string {
  const params = new URLSearchParams();
  params.set('view', state.view);
  params.set('data', state.datasetId);
  if (state.models) params.set('models', state.models.join(','));
  params.set('window', String(state.windowIndex));
  return `?${params.toString()}`;
}
