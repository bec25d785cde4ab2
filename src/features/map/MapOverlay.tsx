import { MAP_COLOURS } from '../../components/colors';
import type { HoverLine } from './mapHover';
import type { DrawnLabel } from './labelPlacement';
import type { Polygon } from './selection';

interface Props {
  /** layout → frame pixels for the current view */
  px: (x: number, y: number) => [number, number];
  /** cluster labels already placed for this view (labelPlacement's drawnLabels), frame px */
  labels: DrawnLabel[];
  /** one window's path through its contexts to its target, layout units */
  path: [number, number][];
  /** the hovered window's prediction→target segments, layout units */
  segments: HoverLine[];
  /** the box or lasso being drawn, frame pixels */
  outline: Polygon | null;
}

/**
 * What the map draws over its points as DOM, placed for the current view: the window's path, the
 * hovered window's lines, cluster labels (text nodes: words from the data are never markup) and the
 * selection being drawn. Few elements, so they follow every pan and zoom frame by frame.
 */
export function MapOverlay({ px, labels, path, segments, outline }: Props) {
  const pathPx = path.map(([x, y]) => px(x, y));
  return (
    <>
      <svg className="map-overlay">
        {pathPx.length > 1 && (
          <g data-testid="map-path">
            <polyline
              points={pathPx.map((p) => p.join(',')).join(' ')}
              fill="none"
              stroke={MAP_COLOURS.trajectory}
              strokeWidth={2}
            />
            {pathPx.map(([x, y], j) => (
              <rect
                key={j}
                x={x - 3.5}
                y={y - 3.5}
                width={7}
                height={7}
                fill={MAP_COLOURS.trajectory}
                transform={`rotate(45 ${x} ${y})`}
              />
            ))}
          </g>
        )}
        {segments.length > 0 && (
          <g data-testid="map-hover-lines">
            {segments.map((l, j) => {
              const [x1, y1] = px(l.x0, l.y0);
              const [x2, y2] = px(l.x1, l.y1);
              return <line key={j} {...{ x1, y1, x2, y2 }} stroke={l.colour} strokeWidth={1.5} />;
            })}
          </g>
        )}
        {outline && (
          <polygon
            className="map-outline"
            data-testid="map-selection"
            points={outline.map((p) => p.join(',')).join(' ')}
          />
        )}
      </svg>
      {labels.map((l, j) => (
        <div
          key={j}
          className="annotation-text map-label"
          data-testid="map-label"
          style={{ left: l.x, top: l.y, width: l.width, height: l.height }}
          title={`${l.size} targets`}
        >
          {l.text}
        </div>
      ))}
    </>
  );
}
