import { useEffect, useRef, useState } from 'react';
import type { Data, Layout, PlotDatum } from 'plotly.js-dist-min';
import { plotLayout } from './plotLayout';
import './plot.css';

type PlotlyStatic = typeof import('plotly.js-dist-min');

let plotly: Promise<PlotlyStatic> | null = null;
/** plotly is large: load it on first use, once. */
export function loadPlotly(): Promise<PlotlyStatic> {
  plotly ??= import('plotly.js-dist-min').then(
    (m) => ((m as unknown as { default?: PlotlyStatic }).default ?? m) as PlotlyStatic,
  );
  return plotly;
}

export type { Data as PlotData, PlotDatum };

/** Width of a plot's PNG and SVG exports, px (the height is the plot's own). */
export const EXPORT_WIDTH = 1000;

interface Props {
  title: string;
  data: Data[];
  layout?: Partial<Layout>;
  /** file name of the PNG export, without extension */
  filename: string;
  height?: number;
  onPointClick?: (point: PlotDatum) => void;
}

/**
 * A plotly chart, lazy-loaded, with PNG export. `title` is plain text; traces and `layout` bring
 * their own colours and hover text, with user text escaped through lib/plotText.
 */
export function Plot({ title, data, layout, filename, height = 340, onPointClick }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const clickRef = useRef(onPointClick);
  useEffect(() => {
    clickRef.current = onPointClick;
  }, [onPointClick]);

  // Callers often pass layouts inline: compare them by content so a re-render does not re-plot.
  const layoutKey = JSON.stringify(layout ?? {});
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const extra = JSON.parse(layoutKey) as Partial<Layout>;
    let alive = true;
    loadPlotly()
      .then(async (P) => {
        if (!alive) return;
        const gd = await P.react(el, data, plotLayout(title, height, extra), {
          displaylogo: false,
          responsive: true,
          modeBarButtonsToRemove: ['toImage'],
        });
        gd.removeAllListeners('plotly_click');
        gd.on('plotly_click', (e) => {
          if (e.points[0]) clickRef.current?.(e.points[0]);
        });
      })
      .catch((e: Error) => alive && setError(e.message));
    return () => {
      alive = false;
    };
  }, [data, layoutKey, title, height]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el && plotly) void plotly.then((P) => P.purge(el));
    };
  }, []);

  const save = (format: 'png' | 'svg') => {
    const el = ref.current;
    if (!el) return;
    loadPlotly()
      .then((P) => P.downloadImage(el, { format, filename, width: EXPORT_WIDTH, height }))
      .catch((e: Error) => setError(`the ${format.toUpperCase()} failed: ${e.message}`));
  };

  return (
    <figure className="plot" data-testid="plot" aria-label={title}>
      {error ? <p className="error">Plot failed: {error}</p> : <div ref={ref} />}
      <span className="plot-export">
        <button onClick={() => save('png')} title="Download as PNG">
          PNG
        </button>
        <button
          onClick={() => save('svg')}
          title="Download as SVG (vector: fonts and colours as here)"
        >
          ⤓ SVG
        </button>
      </span>
    </figure>
  );
}
