// @vitest-environment jsdom
/** A plot's SVG export, made by plotly itself from a drawn chart, parses as one SVG document. */
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../lib/plotText';
import { loadPlotly } from './Plot';
import { plotLayout } from './plotLayout';
import { plotSvg, svgFromDataUrl } from './plotSvg';

describe('plotSvg', () => {
  it('exports a drawn chart as valid SVG with its title, tick labels and a name shown as text', async () => {
    const P = await loadPlotly();
    const el = document.createElement('div');
    document.body.append(el);
    const name = 'AMN <b>v2</b>';
    await P.newPlot(
      el,
      [
        {
          type: 'scatter',
          mode: 'lines',
          name: escapeHtml(name),
          x: [1, 2, 3],
          y: [0.2, 0.5, 0.4],
        },
      ],
      plotLayout('Hit@K & more', 300, { showlegend: true }),
    );
    const svg = await plotSvg(el, 600, 300);
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(doc.documentElement.tagName).toBe('svg');
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('Hit@K & more');
    expect(texts).toContain(name);
    expect(doc.querySelector('b')).toBeNull();
  }, 60_000);

  it('reads both data: URL forms and refuses anything that is not an SVG', () => {
    expect(svgFromDataUrl(`data:image/svg+xml,${encodeURIComponent('<svg>é</svg>')}`)).toBe(
      '<svg>é</svg>',
    );
    expect(svgFromDataUrl(`data:image/svg+xml;base64,${btoa('<svg/>')}`)).toBe('<svg/>');
    expect(() => svgFromDataUrl('data:image/png;base64,AAAA')).toThrow(/no SVG/);
  });
});
