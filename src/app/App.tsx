import { useEffect } from 'react';
import { useAppStore } from '../store';
import { VIEWS, type View } from '../store/slices/ui';
import { useUrlSync } from './useUrlSync';
import { boot } from './boot';
import { PredictView } from '../features/predict/PredictView';
import { CompareView } from '../features/compare/CompareView';
import { AnalysisView } from '../features/analysis/AnalysisView';
import { MapView } from '../features/map/MapView';
import { AttentionView } from '../features/attention/AttentionView';
import { CheckpointsView } from '../features/checkpoints/CheckpointsView';
import { WriteView } from '../features/write/WriteView';
import { ModelsView } from '../features/models/ModelsView';
import { DataView } from '../features/data/DataView';
import { BenchView } from '../features/bench/BenchView';
import { JobsBar } from '../components/JobsBar';
import { WorkspaceBar } from '../components/WorkspaceBar';

const LABELS: Record<View, string> = {
  predict: 'Predict',
  compare: 'Compare',
  analysis: 'Analysis',
  map: 'Map',
  attention: 'Attention',
  checkpoints: 'Checkpoints',
  write: 'Write',
  models: 'Models',
  data: 'Data',
  bench: 'Bench',
};

function ActiveView({ view }: { view: View }) {
  switch (view) {
    case 'predict':
      return <PredictView />;
    case 'compare':
      return <CompareView />;
    case 'analysis':
      return <AnalysisView />;
    case 'map':
      return <MapView />;
    case 'attention':
      return <AttentionView />;
    case 'checkpoints':
      return <CheckpointsView />;
    case 'write':
      return <WriteView />;
    case 'models':
      return <ModelsView />;
    case 'data':
      return <DataView />;
    case 'bench':
      return <BenchView />;
  }
}

export function App() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  useUrlSync();
  useEffect(() => {
    void boot();
  }, []);

  return (
    <div className="app">
      <header className="app-header">
        <h1>LVM Lens</h1>
        <nav role="tablist" aria-label="Views">
          {VIEWS.map((v) => (
            <button
              key={v}
              role="tab"
              aria-selected={v === view}
              className={v === view ? 'tab active' : 'tab'}
              onClick={() => setView(v)}
            >
              {LABELS[v]}
            </button>
          ))}
        </nav>
      </header>
      <WorkspaceBar />
      <JobsBar />
      <main className="app-main" role="tabpanel" aria-label={LABELS[view]}>
        <ActiveView view={view} />
      </main>
    </div>
  );
}
