import { SHAPE, type MapScene } from './mapScene';

interface Props {
  scene: MapScene;
  hidden: ReadonlySet<string>;
  onChange: (hidden: ReadonlySet<string>) => void;
}

/** Groups that are not a predictor's: they stay when one model is shown at a time. */
const SHARED = new Set(['targets', 'contexts', 'bank']);

/** The predictor whose points alone the legend shows with the targets, or null (none or several). */
export function soloModel(scene: MapScene, hidden: ReadonlySet<string>): string | null {
  const models = scene.groups.filter((g) => !SHARED.has(g.key));
  const shown = models.filter((g) => !hidden.has(g.key));
  return models.length > 1 && shown.length === 1 ? shown[0].key : null;
}

/** The hidden set that shows predictor `key` alone (every other predictor hidden), or all of them. */
export function showModel(scene: MapScene, hidden: ReadonlySet<string>, key: string | null) {
  const next = new Set([...hidden].filter((k) => SHARED.has(k)));
  if (key) for (const g of scene.groups) if (!SHARED.has(g.key) && g.key !== key) next.add(g.key);
  return next;
}

/**
 * The map's legend: with several models, a "models: all / one at a time" switch (each model over
 * the same targets: drawn together, the last-drawn model covers the others where they crowd),
 * one button per group (click hides or shows it, double-click shows it alone), then
 * colour-by-topic's key.
 */
export function MapLegend({ scene, hidden, onChange }: Props) {
  const toggle = (key: string) => {
    const next = new Set(hidden);
    if (!next.delete(key)) next.add(key);
    onChange(next);
  };
  const models = scene.groups.filter((g) => !SHARED.has(g.key));
  const solo = soloModel(scene, hidden);
  const only = (key: string) =>
    onChange(new Set(scene.groups.map((g) => g.key).filter((k) => k !== key)));
  return (
    <ul className="map-legend" aria-label="Map legend">
      {models.length > 1 && (
        <li className="map-solo">
          <label>
            models{' '}
            <select
              aria-label="Models shown"
              value={solo ?? ''}
              onChange={(e) => onChange(showModel(scene, hidden, e.target.value || null))}
            >
              <option value="">all together</option>
              {models.map((g) => (
                <option key={g.key} value={g.key}>
                  only {g.name}
                </option>
              ))}
            </select>
          </label>
        </li>
      )}
      {scene.groups.map((g) => (
        <li key={g.key}>
          <button
            aria-pressed={!hidden.has(g.key)}
            title="Click to hide or show; double-click to show only this"
            onClick={() => toggle(g.key)}
            onDoubleClick={() => only(g.key)}
          >
            <span
              className={`map-swatch${g.shape === SHAPE.ring ? ' ring' : g.shape === SHAPE.diamond ? ' diamond' : ''}`}
              style={g.shape === SHAPE.ring ? { borderColor: g.colour } : { background: g.colour }}
            />
            {g.name} <small>({(g.end - g.start).toLocaleString()})</small>
          </button>
        </li>
      ))}
      {scene.topics.map((t) => (
        <li key={`topic:${t.name}`} className="map-legend-topic">
          <span className="map-swatch" style={{ background: t.colour }} />
          {t.name}
        </li>
      ))}
    </ul>
  );
}
