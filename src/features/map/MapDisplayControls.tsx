import type { ColourBy } from './mapScene';

interface Props {
  colourBy: ColourBy;
  onColourBy: (colourBy: ColourBy) => void;
  lines: boolean;
  onLines: (lines: boolean) => void;
  labels: boolean;
  onLabels: (labels: boolean) => void;
  density: boolean;
  onDensity: (density: boolean) => void;
}

/** How the laid-out Map is drawn: the points' colour, lines to targets, cluster labels, density. */
export function MapDisplayControls(p: Props) {
  return (
    <>
      <label>
        colour
        <select value={p.colourBy} onChange={(e) => p.onColourBy(e.target.value as ColourBy)}>
          <option value="model">by model</option>
          <option value="error">by cosine error</option>
          <option value="topic">by topic</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={p.lines} onChange={(e) => p.onLines(e.target.checked)} />
        lines
      </label>
      <label>
        <input type="checkbox" checked={p.labels} onChange={(e) => p.onLabels(e.target.checked)} />
        labels
      </label>
      <label>
        <input
          type="checkbox"
          checked={p.density}
          onChange={(e) => p.onDensity(e.target.checked)}
        />
        density
      </label>
    </>
  );
}
