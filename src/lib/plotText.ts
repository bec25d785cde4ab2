/**
 * User text (model, dataset and file names, sentences, topics) shown in plotly, which renders a
 * subset of HTML in titles, legends, hover and tick labels: a name is data, never markup.
 */

/** `&`, `<`, `>`, `"` and `'` as entities: safe in element content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A tagged template for plotly text: the literal parts are the builder's own markup (`<br>`,
 * `%{y:.3f}`, `<extra></extra>`), every interpolated value is escaped, so a caller cannot forget.
 */
export function plotHtml(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += escapeHtml(String(values[i])) + strings[i + 1];
  return out;
}
