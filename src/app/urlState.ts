import { VIEWS, type View } from '../store/slices/ui';

/** The part of the app state a copied link reopens. */
export interface UrlState {
  view: View;
  datasetId: string;
  models: string[] | null;
  windowIndex: number;
}

/** Model ids joined by commas; a comma (or %) inside an id is escaped so the list splits back. */
const escapeId = (id: string) => id.replace(/%/g, '%25').replace(/,/g, '%2C');
const unescapeId = (id: string) => id.replace(/%2C/gi, ',').replace(/%25/g, '%');

export function parseUrlState(search: string, fallback: UrlState): UrlState {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  const win = Number(params.get('window'));
  const models = params.get('models');
  return {
    view: VIEWS.includes(view as View) ? (view as View) : fallback.view,
    datasetId: params.get('data') || fallback.datasetId,
    models: models ? models.split(',').filter(Boolean).map(unescapeId) : fallback.models,
    windowIndex: Number.isInteger(win) && win >= 0 ? win : fallback.windowIndex,
  };
}

export function formatUrlState(state: UrlState): string {
  const params = new URLSearchParams();
  params.set('view', state.view);
  params.set('data', state.datasetId);
  if (state.models) params.set('models', state.models.map(escapeId).join(','));
  params.set('window', String(state.windowIndex));
  return `?${params.toString()}`;
}
