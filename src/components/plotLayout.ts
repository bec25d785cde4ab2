import type { Layout } from 'plotly.js-dist-min';
import { escapeHtml } from '../lib/plotText';

/**
 * The layout every Plot starts from. `title` is plain text (it is also the figure's aria-label,
 * which React escapes), so it is escaped here; the caller's `extra` is plotly markup it built
 * itself with lib/plotText.
 */
export function plotLayout(title: string, height: number, extra: Partial<Layout>): Partial<Layout> {
  return {
    title: { text: escapeHtml(title), font: { size: 14 } },
    height,
    margin: { l: 56, r: 16, t: 40, b: 48 },
    hovermode: 'closest',
    ...extra,
  };
}
