import type { PointLabel } from './pointLabel';

interface Props {
  label: PointLabel;
  /** position inside the plot frame, px */
  left: number;
  top: number;
}

/** The hovered point's label. Rendered as text nodes: a sentence that reads "<b>" shows "<b>". */
export function MapTooltip({ label, left, top }: Props) {
  return (
    <div className="map-tooltip" role="tooltip" data-testid="map-tooltip" style={{ left, top }}>
      <strong>{label.head}</strong>
      <span>{label.text}</span>
      {label.where && <em>{label.where}</em>}
    </div>
  );
}
