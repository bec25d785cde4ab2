import { useEffect } from 'react';
import { useAppStore } from '../store';
import { formatUrlState, parseUrlState } from './urlState';

/** Restores view, data, models and window from the URL once, then mirrors them into it. */
export function useUrlSync(): void {
  useEffect(() => {
    const s = useAppStore.getState();
    const restored = parseUrlState(window.location.search, {
      view: s.view,
      datasetId: s.datasetId,
      models: null,
      windowIndex: s.windowIndex,
    });
    useAppStore.setState({
      view: restored.view,
      datasetId: restored.datasetId,
      windowIndex: restored.windowIndex,
      ...(restored.models ? { selectedModels: restored.models, urlModels: restored.models } : {}),
    });
    return useAppStore.subscribe((state) => {
      const next = formatUrlState({
        view: state.view,
        datasetId: state.datasetId,
        models: state.selectedModels,
        windowIndex: state.windowIndex,
      });
      if (next !== window.location.search) window.history.replaceState(null, '', next);
    });
  }, []);
}
