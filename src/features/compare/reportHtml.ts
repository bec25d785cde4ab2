/**
 * The offline Compare report as one HTML string: provenance, the metrics table, inline SVG plots
 * and the per-window records. Pure. Every text that came from a user's files (dataset, model and
 * article names, ids) goes through escapeHtml; the CSP meta forbids any request, so the file opens
 * from disk and never loads or sends anything.
 */
import type { PerWindowRecord } from './exports';
import { escapeHtml } from '../../lib/plotText';
import { boxChart, lineChart, type Series } from './svg';
import { compact, pct, type CompareRow } from './table';

/** Blocks scripts, fonts, frames and every fetch; only inline styles and data: images remain. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export interface ReportInput {
  dataset: { id: string; name: string; origin: string; sha256: string; hashed: string };
  k: number;
  /** windows in the split, and how many of them the report covers (a Map selection) */
  windows: number;
  covered: number;
  bank: string;
  rows: CompareRow[];
  /** SHA-256 of each model's ONNX file by predictor id; null when unknown */
  modelHashes: Record<string, string | null>;
  /** Hit@K for K = 1.. per predictor, and its per-window cosines */
  hitCurves: Series[];
  cosines: Series[];
  perWindow: PerWindowRecord[];
  version: string;
  date: string;
  seeds: string;
  /** the app's URL state (query string) that reopens this view on this data and these models */
  url: string;
  /**
   * Compare's plots as drawn, each its own SVG export (components/plotSvg): embedded as they are,
   * the same files the plots' "⤓ SVG" buttons download. Without them the report draws its own
   * Hit@K and cosine charts (svg.ts).
   */
  figures?: { title: string; svg: string }[];
}

/** A plot's SVG, checked to be one <svg> element with no script before it goes into the page. */
export function embeddableSvg(svg: string): string {
  const body = svg.replace(/^\s*<\?xml[^>]*>\s*/, '').trim();
  if (
    !body.startsWith('<svg') ||
    !body.endsWith('</svg>') ||
    /<script|<[^>]*\son\w+\s*=/i.test(body)
  )
    throw new Error('a plot exported an SVG the report cannot embed');
  return body;
}

const esc = (v: unknown) => escapeHtml(String(v));
const fixed = (v: number | null, digits: number) =>
  v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits);
const mb = (bytes: number | null) =>
  bytes === null ? '—' : bytes === 0 ? '0' : `${(bytes / 1e6).toFixed(2)} MB`;

/** Column heading and cell text of the metrics table, in display order. */
const COLUMNS: [string, (r: CompareRow, hash: string | null) => string][] = [
  ['Model', (r) => r.name],
  ['Kind', (r) => r.kind],
  ['Cosine (mean ± std)', (r) => `${fixed(r.cosine_mean, 4)} ± ${fixed(r.cosine_std, 4)}`],
  ['Hit@1', (r) => pct(r.hit1)],
  ['Hit@5', (r) => pct(r.hit5)],
  ['Hit@10', (r) => pct(r.hit10)],
  ['Hit@20', (r) => pct(r.hit20)],
  ['MRR', (r) => fixed(r.mrr, 4)],
  ['Mean rank', (r) => fixed(r.mean_rank, 1)],
  ['p50 / p95 ms', (r) => `${fixed(r.latency_p50_ms, 2)} / ${fixed(r.latency_p95_ms, 2)}`],
  ['Windows/s', (r) => compact(r.throughput_per_s)],
  ['Params', (r) => compact(r.params)],
  ['Size', (r) => mb(r.bytes)],
  ['Backend', (r) => r.backend],
  ['SHA-256 of the .onnx', (r, h) => (r.kind === 'baseline' ? '(baseline)' : (h ?? 'unknown'))],
];

function metricsTable(rows: CompareRow[], hashes: Record<string, string | null>): string {
  const head = COLUMNS.map(([h]) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr data-model="${esc(r.id)}">` +
        COLUMNS.map(([, cell]) => `<td>${esc(cell(r, hashes[r.id] ?? null))}</td>`).join('') +
        '</tr>',
    )
    .join('\n');
  return `<table class="metrics"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function perWindowTable(records: PerWindowRecord[]): string {
  if (records.length === 0) return '<p>No windows.</p>';
  const keys = Object.keys(records[0]);
  const cell = (v: PerWindowRecord[string] | undefined) =>
    Array.isArray(v) ? v.join(' ') : typeof v === 'number' ? String(+v.toPrecision(6)) : (v ?? '');
  const body = records
    .map((r) => `<tr>${keys.map((k) => `<td>${esc(cell(r[k]))}</td>`).join('')}</tr>`)
    .join('\n');
  return (
    `<table class="per-window"><thead><tr>${keys.map((k) => `<th>${esc(k)}</th>`).join('')}` +
    `</tr></thead><tbody>\n${body}\n</tbody></table>`
  );
}

const legend = (series: Series[]) =>
  '<p class="legend">' +
  series
    .map((s) => `<span><i style="background:${esc(s.color)}"></i>${esc(s.name)}</span>`)
    .join(' ') +
  '</p>';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;font-size:12px;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}td{font-variant-numeric:tabular-nums}
.metrics td:last-child{font-family:monospace;font-size:11px;text-align:left}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{color:#666}dd{margin:0;word-break:break-all}
code{background:#f4f4f4;padding:1px 4px}.plots{display:flex;flex-wrap:wrap;gap:16px}
.legend span{margin-right:12px;white-space:nowrap}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.per-window{font-size:11px}summary{cursor:pointer;font-weight:600}
.figures figure{margin:0 0 16px}.figures svg{max-width:100%;height:auto}figcaption{font-weight:600;margin:4px 0}`;

const figures = (list: { title: string; svg: string }[]) =>
  '<div class="figures">\n' +
  list
    .map((f) => `<figure><figcaption>${esc(f.title)}</figcaption>${embeddableSvg(f.svg)}</figure>`)
    .join('\n') +
  '\n</div>';

function ownCharts(r: ReportInput): string {
  const size = { width: 520, height: 300 };
  return `${legend(r.hitCurves)}
<div class="plots">
${lineChart(r.hitCurves, { ...size, title: 'Hit@K by K', xTitle: 'K', yTitle: 'Hit@K' })}
${boxChart(r.cosines, { ...size, title: 'Cosine to the target, per window', xTitle: '', yTitle: 'cosine' })}
</div>`;
}

/** The whole report: a standalone HTML document with no script and no external reference. */
export function reportHtml(r: ReportInput): string {
  const title = `LVM Lens report · ${r.dataset.name}`;
  const scope =
    r.covered === r.windows
      ? `all ${r.windows} windows`
      : `the ${r.covered} of ${r.windows} windows selected on the Map`;
  const facts: [string, string][] = [
    ['Dataset', `${r.dataset.name} (${r.dataset.origin})`],
    [`SHA-256 of its vectors (${r.dataset.hashed})`, r.dataset.sha256],
    ['Windows', `${scope}, K = ${r.k}`],
    ['Bank', r.bank],
    ['Seeds', r.seeds],
    ['App', `LVM Lens ${r.version}`],
    ['Date', r.date],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(title)}</h1>
<dl>${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<p>Reproduce: open LVM Lens with <code>${esc(r.url)}</code> appended to the address it is served
from (e.g. <code>npm run dev</code>); it reopens Compare on this dataset with these models.</p>
<h2>Metrics</h2>
${metricsTable(r.rows, r.modelHashes)}
<p>Hit@K: share of windows whose target ranks in the top K of the bank; MRR: mean reciprocal
rank. Latency and throughput are blank unless speed was measured.</p>
<h2>Plots</h2>
${r.figures?.length ? figures(r.figures) : ownCharts(r)}
<details><summary>Per-window results (${r.perWindow.length} windows)</summary>
${perWindowTable(r.perWindow)}
</details>
</body></html>
`;
}
