import type { MapScene } from './mapScene';
import { SHAPE } from './mapScene';

interface Props {
  scene: MapScene;
  hidden: ReadonlySet<string>;
  onChange: (hidden: ReadonlySet<string>) => void;
}

/**
 * The map's legend: one button per group (click hides or shows it, double-click shows it alone),
 * then colour-by-topic's key.
 */
export function MapLegend({ scene, hidden, onChange }: Props) {
  const toggle = (key: string) => {
    const next = new Set(hidden);
    if (!next.delete(key)) next.add(key);
    onChange(next);
  };
  const only = (key: string) =>
    onChange(new Set(scene.groups.map((g) => g.key).filter((k) => k !== key)));
  return (
    <ul className="map-legend" aria-label="Map legend">
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
