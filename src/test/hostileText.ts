/**
 * A name that plotly would render as a link and a bold span if it reached a plot unescaped: plot
 * builders' tests feed it in as a model, dataset or file name and check what plotly would get.
 */
import { expect } from 'vitest';

export const HOSTILE_NAME = '<a href="http://x">x</a><b>y</b>';
/** HOSTILE_NAME as plotly must receive it: shown as written, not read as markup. */
export const ESCAPED_NAME = '&lt;a href=&quot;http://x&quot;&gt;x&lt;/a&gt;&lt;b&gt;y&lt;/b&gt;';

/** Every string anywhere inside `value` (arrays, typed objects, nested layouts). */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object' && !ArrayBuffer.isView(value))
    for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** `value` shows HOSTILE_NAME somewhere, always escaped, and never holds its markup. */
export function expectNameEscaped(value: unknown): void {
  const strings = stringsIn(value);
  for (const s of strings) {
    expect(s).not.toContain('<a');
    expect(s).not.toContain('<b>');
    expect(s).not.toContain('"http');
  }
  expect(strings.some((s) => s.includes(ESCAPED_NAME))).toBe(true);
}
