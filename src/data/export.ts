/** Export helpers every view uses: CSV, JSON, .npy, and a browser download. */
import { writeNpy } from './npy';

/** Offer a Blob as a file download. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // revoke later: some browsers read the URL after click() returns
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Plain numbers, or a space-separated list of them ("-0.12 0.5"): nothing a spreadsheet can call. */
const NUMBERS = /^-?\d+(\.\d+)?(e[+-]?\d+)?( -?\d+(\.\d+)?(e[+-]?\d+)?)*$/i;

/**
 * One CSV cell (RFC 4180). A string that a spreadsheet would read as a formula (a file name, a
 * model id or an article title from the user) gets a leading `'` so it shows as text (formula
 * injection); numbers, and strings that are only numbers, are written as they are.
 */
export function csvCell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = FORMULA_START.test(v) && !NUMBERS.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) || /^\s|\s$|^'/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as RFC 4180 CSV; columns are the union of the rows' keys, in first-seen order. */
export function toCsv(rows: Record<string, string | number>[]): Blob {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const lines = [cols.map(csvCell).join(',')];
  for (const r of rows) lines.push(cols.map((c) => (c in r ? csvCell(r[c]) : '')).join(','));
  return new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' });
}

/** Any JSON-serialisable value, pretty-printed (indent 0: compact); typed arrays become plain arrays. */
export function toJson(value: unknown, indent = 2): Blob {
  const text = JSON.stringify(
    value,
    (_k, v) =>
      ArrayBuffer.isView(v) && !(v instanceof DataView)
        ? Array.from(v as unknown as ArrayLike<number>)
        : v,
    indent || undefined,
  );
  return new Blob([text], { type: 'application/json' });
}

/** A float32 array as a .npy file ('<f4', C order). */
export function toNpy(data: Float32Array, shape: number[]): Blob {
  return new Blob([writeNpy(data, shape) as BlobPart], { type: 'application/octet-stream' });
}

/** File name after the model and the split: exportName('AMN', 'Demo · OOD', 'predictions', 'npy') = 'amn_ood_predictions.npy'. */
export function exportName(model: string, split: string, what: string, ext: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/^demo\s*·\s*/, '')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
  return [model, split, what].map(slug).filter(Boolean).join('_') + `.${ext}`;
}
