/**
 * A drawn plotly chart as SVG markup: plotly's own vector export (Plotly.toImage with format
 * 'svg'), the fonts and colours as on screen. The same markup is downloaded by a plot's "⤓ SVG"
 * button and embedded in Compare's HTML report.
 */
import { loadPlotly } from './Plot';

/** The SVG text of a data: URL (plotly returns the markup URI-encoded, or as base64). */
export function svgFromDataUrl(url: string): string {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:image/svg+xml') || comma < 0)
    throw new Error('plotly returned no SVG image');
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return head.endsWith(';base64')
    ? new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)))
    : decodeURIComponent(body);
}

/** The chart drawn in graph div `el` as an SVG document, `width` × `height` px. */
export async function plotSvg(el: HTMLElement, width: number, height: number): Promise<string> {
  const P = await loadPlotly();
  const url = await P.toImage(el, { format: 'svg', width, height });
  return svgFromDataUrl(url);
}
