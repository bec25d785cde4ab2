import { useEffect, useRef, useState } from 'react';
import type { Annotation, Data, Layout } from 'plotly.js-dist-min';
import { loadPlotly } from '../../components/Plot';

interface Props {
  data: Data[];
  /** zoom and legend toggles persist while this stays the same */
  revision: string;
  /** cluster labels and the like, in data coordinates */
  annotations?: Partial<Annotation>[];
  onWindowClick: (window: number) => void;
  onSelectWindows: (windows: number[]) => void;
}

/**
 * The map's plotly canvas. Unlike the shared Plot it also forwards box/lasso selections, and keeps
 * zoom and legend state across redraws (uirevision).
 */
export function MapPlot({ data, revision, annotations, onWindowClick, onSelectWindows }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // A drawing that fails (no WebGL, a lost context) is said, not left as an empty frame.
  const [error, setError] = useState<string | null>(null);
  const handlers = useRef({ onWindowClick, onSelectWindows });
  useEffect(() => {
    handlers.current = { onWindowClick, onSelectWindows };
  }, [onWindowClick, onSelectWindows]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let alive = true;
    loadPlotly()
      .then(async (P) => {
        if (!alive) return;
        const layout: Partial<Layout> = {
          height: 620,
          margin: { l: 24, r: 16, t: 16, b: 24 },
          hovermode: 'closest',
          dragmode: 'pan',
          uirevision: revision,
          xaxis: { showticklabels: false, zeroline: false, showgrid: false },
          yaxis: { showticklabels: false, zeroline: false, showgrid: false, scaleanchor: 'x' },
          legend: { itemclick: 'toggle', itemdoubleclick: 'toggleothers' },
          hoverlabel: { align: 'left' },
          annotations: annotations ?? [],
        };
        const gd = await P.react(el, data, layout, {
          displaylogo: false,
          responsive: true,
          scrollZoom: true,
        });
        gd.removeAllListeners('plotly_click');
        gd.removeAllListeners('plotly_selected');
        gd.on('plotly_click', (e) => {
          const w = e.points[0]?.customdata;
          if (typeof w === 'number' && w >= 0) handlers.current.onWindowClick(w);
        });
        gd.on('plotly_selected', (e) => {
          if (!e?.points) return;
          const ws = new Set<number>();
          for (const p of e.points)
            if (typeof p.customdata === 'number' && p.customdata >= 0) ws.add(p.customdata);
          handlers.current.onSelectWindows([...ws].sort((a, b) => a - b));
        });
        setError(null);
      })
      .catch((e: Error) => alive && setError(`The map could not be drawn: ${e.message}`));
    return () => {
      alive = false;
    };
  }, [data, revision, annotations]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void loadPlotly().then((P) => P.purge(el));
    };
  }, []);

  return (
    <>
      {error && <p className="error">{error}</p>}
      <div ref={ref} className="map-plot" data-testid="map-plot" />
    </>
  );
}
