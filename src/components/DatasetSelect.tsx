import { useAppStore } from '../store';

/** The "Data" picker shared by the views: loaded datasets, with their window counts. */
export function DatasetSelect({ disabled = false }: { disabled?: boolean }) {
  const datasetId = useAppStore((s) => s.datasetId);
  const datasets = useAppStore((s) => s.datasets);
  const setDatasetId = useAppStore((s) => s.setDatasetId);
  return (
    <label>
      Data{' '}
      <select
        aria-label="Dataset"
        value={datasetId}
        onChange={(e) => setDatasetId(e.target.value)}
        disabled={disabled}
      >
        {/* a URL may name a dataset that is not loaded (yet): keep it visible, not silently swapped */}
        {!datasets.some((d) => d.id === datasetId) && (
          <option value={datasetId}>{datasetId}</option>
        )}
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
            {d.windows !== null ? ` (${d.windows} windows)` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
