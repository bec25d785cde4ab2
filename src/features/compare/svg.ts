/**
 * A tiny SVG builder for the offline report: a line chart (Hit@K curves) and a box chart (cosine
 * distributions), as markup strings with no script, no font and no external reference, so the
 * report stays one self-contained file (no xmlns either: inline SVG in HTML needs none). Every
 * text it writes goes through lib/plotText's escapeHtml.
 */
import { escapeHtml } from '../../lib/plotText';

/** One line or box: a display name, a CSS colour and its values. */
export interface Series {
  name: string;
  color: string;
  values: ArrayLike<number>;
}

export interface ChartSize {
  width: number;
  height: number;
}

/** Plot area inside the chart: room on the left for y labels, below for x labels. */
const MARGIN = { left: 44, right: 10, top: 10, bottom: 34 };

/** A linear map from `domain` onto `range` (either may run backwards, as SVG's y does). */
export function linearScale(
  domain: [number, number],
  range: [number, number],
): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** A coordinate with at most two decimals and no trailing zeros ("12.5", "3", "-0.25"). */
export const coord = (v: number) => String(Math.round(v * 100) / 100 + 0);

/** An SVG path through the points in order: "M x,y L x,y …"; non-finite points are skipped. */
export function pathThrough(points: [number, number][]): string {
  return points
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .map(([x, y], i) => `${i ? 'L' : 'M'}${coord(x)},${coord(y)}`)
    .join(' ');
}

const text = (x: number, y: number, s: string, anchor = 'middle', extra = '') =>
  `<text x="${coord(x)}" y="${coord(y)}" text-anchor="${anchor}"${extra}>${escapeHtml(s)}</text>`;

/** Axis lines, horizontal grid lines with labels at `yTicks`, and the axis titles. */
function frame(
  size: ChartSize,
  y: (v: number) => number,
  yTicks: number[],
  yLabel: (v: number) => string,
  xTitle: string,
  yTitle: string,
): string[] {
  const { width, height } = size;
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const bottom = height - MARGIN.bottom;
  const out = yTicks.map(
    (t) =>
      `<line x1="${left}" x2="${right}" y1="${coord(y(t))}" y2="${coord(y(t))}" stroke="#e3e3e3"/>` +
      text(left - 4, y(t) + 4, yLabel(t), 'end'),
  );
  out.push(
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#888"/>`,
    `<line x1="${left}" x2="${left}" y1="${MARGIN.top}" y2="${bottom}" stroke="#888"/>`,
    text((left + right) / 2, height - 4, xTitle),
    text(
      12,
      (MARGIN.top + bottom) / 2,
      yTitle,
      'middle',
      ` transform="rotate(-90 12 ${coord((MARGIN.top + bottom) / 2)})"`,
    ),
  );
  return out;
}

const svg = (size: ChartSize, title: string, body: string[]) =>
  `<svg role="img" width="${size.width}" height="${size.height}" ` +
  `viewBox="0 0 ${size.width} ${size.height}" font-size="11" font-family="sans-serif">` +
  `<title>${escapeHtml(title)}</title>${body.join('')}</svg>`;

/**
 * Lines of y = values[i] at x = i + 1 (Hit@K at K = 1..n), y from 0 to 1 shown as percent,
 * one path per series in its colour.
 */
export function lineChart(
  series: Series[],
  opts: ChartSize & { title: string; xTitle: string; yTitle: string },
): string {
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const x = linearScale([1, n], [MARGIN.left, opts.width - MARGIN.right]);
  const y = linearScale([0, 1], [opts.height - MARGIN.bottom, MARGIN.top]);
  const body = frame(
    opts,
    y,
    [0, 0.25, 0.5, 0.75, 1],
    (t) => `${t * 100}%`,
    opts.xTitle,
    opts.yTitle,
  );
  const bottom = opts.height - MARGIN.bottom;
  for (const k of xTicks(n)) body.push(text(x(k), bottom + 14, String(k)));
  for (const s of series) {
    const points = Array.from(s.values, (v, i): [number, number] => [x(i + 1), y(v)]);
    body.push(
      `<path d="${pathThrough(points)}" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="1.5">` +
        `<title>${escapeHtml(s.name)}</title></path>`,
    );
  }
  return svg(opts, opts.title, body);
}

/** 1, then multiples of a round step up to n (1, 10, 20, … 50 for n = 50). */
export function xTicks(n: number): number[] {
  const step = n <= 10 ? 1 : n <= 20 ? 5 : 10;
  const ticks = [1];
  for (let k = step; k <= n; k += step) if (k > 1) ticks.push(k);
  return ticks;
}

/** Quartiles (linear interpolation), Tukey whiskers (furthest values within 1.5 IQR) and mean. */
export function boxStats(values: ArrayLike<number>) {
  const v = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const q = (p: number) => {
    const pos = (v.length - 1) * p;
    const lo = Math.floor(pos);
    return v[lo] + (v[Math.ceil(pos)] - v[lo]) * (pos - lo);
  };
  const [q1, median, q3] = [q(0.25), q(0.5), q(0.75)];
  const reach = 1.5 * (q3 - q1);
  return {
    q1,
    median,
    q3,
    low: v.find((x) => x >= q1 - reach) ?? q1,
    high: [...v].reverse().find((x) => x <= q3 + reach) ?? q3,
    mean: v.reduce((s, x) => s + x, 0) / v.length,
  };
}

/**
 * One box per series (quartiles, median line, whiskers, a diamond at the mean), side by side,
 * on a y axis from the lowest whisker to the highest rounded out to 0.1.
 */
export function boxChart(
  series: Series[],
  opts: ChartSize & { title: string; xTitle: string; yTitle: string },
): string {
  const stats = series
    .filter((s) => s.values.length > 0)
    .map((s) => ({ s, b: boxStats(s.values) }));
  const lo = Math.floor(Math.min(1, ...stats.map(({ b }) => b.low)) * 10) / 10;
  const hi = Math.ceil(Math.max(lo + 0.1, ...stats.map(({ b }) => b.high)) * 10) / 10;
  const y = linearScale([lo, hi], [opts.height - MARGIN.bottom, MARGIN.top]);
  const ticks = Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
  const body = frame(opts, y, ticks, (t) => t.toFixed(2), opts.xTitle, opts.yTitle);
  const slot = (opts.width - MARGIN.left - MARGIN.right) / Math.max(1, stats.length);
  const half = Math.min(18, slot / 3);
  stats.forEach(({ s, b }, i) => {
    const cx = MARGIN.left + slot * (i + 0.5);
    const color = escapeHtml(s.color);
    const [l, r] = [coord(cx - half), coord(cx + half)];
    body.push(
      `<g><title>${escapeHtml(`${s.name}: median ${b.median.toFixed(3)}, mean ${b.mean.toFixed(3)}`)}</title>`,
      `<line x1="${coord(cx)}" x2="${coord(cx)}" y1="${coord(y(b.low))}" y2="${coord(y(b.high))}" stroke="${color}"/>`,
      `<rect x="${l}" y="${coord(y(b.q3))}" width="${coord(2 * half)}" height="${coord(y(b.q1) - y(b.q3))}" fill="${color}" fill-opacity="0.35" stroke="${color}"/>`,
      `<line x1="${l}" x2="${r}" y1="${coord(y(b.median))}" y2="${coord(y(b.median))}" stroke="${color}" stroke-width="2"/>`,
      `<path d="M${coord(cx)},${coord(y(b.mean) - 4)} l4,4 l-4,4 l-4,-4 z" fill="${color}"/></g>`,
      text(
        cx,
        opts.height - MARGIN.bottom + 14,
        s.name.length > 14 ? `${s.name.slice(0, 13)}…` : s.name,
      ),
    );
  });
  return svg(opts, opts.title, body);
}
