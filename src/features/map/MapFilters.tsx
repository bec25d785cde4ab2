import { modelColor } from '../../components/colors';
import { NO_FILTER, type MapFilter } from './mapFilter';

interface Props {
  filter: MapFilter;
  onChange: (f: MapFilter) => void;
  /** article topics on the map, sorted */
  topics: string[];
  predictors: { id: string; name: string }[];
  /** windows passing the filter, or null when nothing is filtered */
  passing: number | null;
  windows: number;
  /** windows picked elsewhere (a slice in Analysis, a box selection): offered as a filter */
  selection: number[];
  onApply: () => void;
}

/** The Map's linked filters (topic, model, cosine range) and the button that hands them to Compare. */
export function MapFilters({
  filter,
  onChange,
  topics,
  predictors,
  passing,
  windows,
  selection,
  onApply,
}: Props) {
  const bound = (field: 'cosMin' | 'cosMax', label: string) => (
    <label>
      {label}
      <input
        type="number"
        aria-label={field === 'cosMin' ? 'minimum cosine' : 'maximum cosine'}
        min={-1}
        max={1}
        step={0.05}
        value={filter[field]}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(v))
            onChange({ ...filter, [field]: Math.min(1, Math.max(-1, v)) });
        }}
      />
    </label>
  );
  return (
    <div className="map-controls map-filters" data-testid="map-filters">
      <strong>filter</strong>
      {topics.length > 1 && (
        <label>
          topic
          <select
            value={filter.topic ?? ''}
            onChange={(e) => onChange({ ...filter, topic: e.target.value || null })}
          >
            <option value="">all topics</option>
            {topics.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      )}
      {predictors.map((p) => (
        <label key={p.id} className="map-model">
          <input
            type="checkbox"
            checked={!filter.hiddenModels.includes(p.id)}
            onChange={(e) =>
              onChange({
                ...filter,
                hiddenModels: e.target.checked
                  ? filter.hiddenModels.filter((id) => id !== p.id)
                  : [...filter.hiddenModels, p.id],
              })
            }
          />
          <span className="map-swatch" style={{ background: modelColor(p.id) }} />
          {p.name}
        </label>
      ))}
      {selection.length > 0 && (
        <label>
          <input
            type="checkbox"
            checked={filter.windows !== null}
            onChange={(e) => onChange({ ...filter, windows: e.target.checked ? selection : null })}
          />
          only the {selection.length} selected windows
        </label>
      )}
      {bound('cosMin', 'cos ≥')}
      {bound('cosMax', 'cos ≤')}
      {passing !== null && (
        <>
          <span data-testid="map-passing">
            {passing} of {windows} windows
          </span>
          <button onClick={onApply} disabled={passing === 0}>
            Apply to Compare
          </button>
          <button onClick={() => onChange(NO_FILTER)}>Clear</button>
        </>
      )}
    </div>
  );
}
