import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * What e2e/figures.spec.ts and e2e/views.spec.ts check on a figure, shared: text over text (SVG
 * texts as boxes along their own direction, HTML text line by line), text cut by its frame, axes
 * that fit their data, and a plot's SVG download parsed in the page.
 */

/** The size every figure is judged at: a laptop screen a researcher takes a screenshot of. */
export const VIEWPORT = { width: 1440, height: 1000 };

// Share of pixels a screenshot may differ from its reference (FIGURES_MAX_DIFF=0 measures the
// run-to-run variation: the failure message gives the count).
export const maxDiffPixelRatio = Number(process.env.FIGURES_MAX_DIFF ?? 0.02);

const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8')) as {
  models: { id: string; K: number }[];
  baselines: { id: string }[];
};
/** The shipped models of the demo's K (a K=32 model runs alone on its own windows). */
export const MODELS = manifest.models.filter((m) => m.K === 5).map((m) => m.id);
/** Every shipped model: the app loads them all (a K=32 one as a chip to pick). */
export const SHIPPED = manifest.models.map((m) => m.id);
/** The baselines every view runs beside the models. */
export const BASELINES = manifest.baselines.map((b) => b.id);

/**
 * Elements matching `selector` whose boxes overlap another's (pairs of texts), in the whole page
 * or in the `index`-th element matching `scope`.
 */
export function overlaps(page: Page, selector: string, scope = '', index = 0): Promise<string[]> {
  return page.evaluate(
    ([sel, within, at]) => {
      const root = within ? document.querySelectorAll(within)[at] : document;
      const els = [...root.querySelectorAll(sel)].filter((e) => e.textContent?.trim());
      // Each text as a rectangle turned its own way (plotly turns crowded tick labels and the y
      // title): centre, unit direction and normal, half length along and half height across. A
      // text of several lines (plotly's <br>) is as long as its longest line and as high as its
      // lines together.
      const boxes = els.map((e) => {
        const r = e.getBoundingClientRect();
        const turn = /rotate\((-?[\d.]+)/.exec(e.getAttribute('transform') ?? '');
        const a = ((turn ? Number(turn[1]) : 0) * Math.PI) / 180;
        const lines = [...e.querySelectorAll('tspan.line')] as SVGTextContentElement[];
        const size = parseFloat(getComputedStyle(e).fontSize) || r.height;
        const len = lines.length
          ? Math.max(...lines.map((l) => l.getComputedTextLength()))
          : e instanceof SVGTextContentElement
            ? e.getComputedTextLength()
            : r.width;
        return {
          t: e.textContent!,
          c: [r.left + r.width / 2, r.top + r.height / 2],
          u: [Math.cos(a), Math.sin(a)],
          n: [-Math.sin(a), Math.cos(a)],
          half: [
            (turn ? len : r.width) / 2,
            (turn ? size * Math.max(1, lines.length) : r.height) / 2,
          ],
          w: r.width,
        };
      });
      type Box = (typeof boxes)[number];
      const dot = (p: number[], q: number[]) => p[0] * q[0] + p[1] * q[1];
      // how far a box reaches along unit vector v from its centre
      const reach = (b: Box, v: number[]) =>
        Math.abs(b.half[0] * dot(b.u, v)) + Math.abs(b.half[1] * dot(b.n, v));
      // two rectangles meet unless one of their four edge directions separates them (1 px grace)
      const meet = (a: Box, b: Box) => {
        const d = [b.c[0] - a.c[0], b.c[1] - a.c[1]];
        return [a.u, a.n, b.u, b.n].every(
          (v) => Math.abs(dot(d, v)) < reach(a, v) + reach(b, v) - 1,
        );
      };
      const out: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++)
          if (boxes[i].w && boxes[j].w && meet(boxes[i], boxes[j]))
            out.push(`${boxes[i].t} / ${boxes[j].t}`);
      return out;
    },
    [selector, scope, index] as const,
  );
}

/** Downloads what `button` saves and parses it as SVG in the page: its root tag and error count. */
export async function downloadedSvg(page: Page, button: Locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/\.svg$/);
  const text = readFileSync((await download.path())!, 'utf8');
  return page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    return {
      root: doc.documentElement.tagName,
      errors: doc.getElementsByTagName('parsererror').length,
      marks: doc.querySelectorAll('circle, path, rect').length,
    };
  }, text);
}

/**
 * HTML text (outside SVG) in `scope`: pairs of texts drawn over each other, and texts cut by a
 * box that clips them (overflow hidden, a scroll box, an ellipsis). Each text node is measured
 * line by line; a line's box is taken at its middle 70% so that two lines set tight (line-height
 * below the font's height) do not count as touching.
 */
export function htmlTextProblems(
  page: Page,
  scope: string,
): Promise<{ overlaps: string[]; clipped: string[] }> {
  return page.evaluate((within) => {
    const root = document.querySelector(within);
    if (!root) return { overlaps: [`no ${within}`], clipped: [] };
    type Box = { l: number; r: number; t: number; b: number };
    const clipOf = (el: Element): Box => {
      let box: Box = { l: -Infinity, r: Infinity, t: -Infinity, b: Infinity };
      for (let e: Element | null = el; e && e !== document.documentElement; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const r = e.getBoundingClientRect();
        box = {
          l: Math.max(box.l, s.overflowX === 'visible' ? -Infinity : r.left),
          r: Math.min(box.r, s.overflowX === 'visible' ? Infinity : r.right),
          t: Math.max(box.t, s.overflowY === 'visible' ? -Infinity : r.top),
          b: Math.min(box.b, s.overflowY === 'visible' ? Infinity : r.bottom),
        };
      }
      return box;
    };
    const lines: { node: number; t: string; box: Box }[] = [];
    const clipped: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = 0, node = walker.nextNode(); node; node = walker.nextNode(), n++) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (!text || !el || el.closest('svg, select, script, style')) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const clip = clipOf(el);
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width < 1 || r.height < 1) continue;
        const inner = {
          l: Math.max(r.left, clip.l),
          r: Math.min(r.right, clip.r),
          t: Math.max(r.top, clip.t),
          b: Math.min(r.bottom, clip.b),
        };
        if (inner.r - inner.l < 1 || inner.b - inner.t < 1) continue; // scrolled out of sight
        if (inner.r - inner.l < r.width - 1 || inner.b - inner.t < r.height - 1)
          clipped.push(text.slice(0, 60));
        const pad = 0.15 * (inner.b - inner.t);
        lines.push({
          node: n,
          t: text.slice(0, 40),
          box: { ...inner, t: inner.t + pad, b: inner.b - pad },
        });
      }
    }
    lines.sort((a, b) => a.box.t - b.box.t);
    const overlaps = new Set<string>();
    for (let i = 0; i < lines.length; i++)
      for (let j = i + 1; j < lines.length && lines[j].box.t < lines[i].box.b; j++) {
        const [a, b] = [lines[i], lines[j]];
        if (a.node === b.node) continue;
        const w = Math.min(a.box.r, b.box.r) - Math.max(a.box.l, b.box.l);
        if (w > 1) overlaps.add(`${a.t} / ${b.t}`);
      }
    return { overlaps: [...overlaps], clipped: [...new Set(clipped)] };
  }, scope);
}

/** SVG texts of the `index`-th `scope` element that reach outside their own <svg> (cut off). */
export function svgTextsOutside(page: Page, scope: string, index: number): Promise<string[]> {
  return page.evaluate(
    ([within, at]) => {
      const root = document.querySelectorAll(within)[at];
      return [...root.querySelectorAll('svg text')].flatMap((e) => {
        const svg = (e as SVGElement).ownerSVGElement!.getBoundingClientRect();
        const r = e.getBoundingClientRect();
        if (!e.textContent?.trim() || !r.width) return [];
        const out =
          r.left < svg.left - 1 ||
          r.right > svg.right + 1 ||
          r.top < svg.top - 1 ||
          r.bottom > svg.bottom + 1;
        return out ? [e.textContent] : [];
      });
    },
    [scope, index] as const,
  );
}

/**
 * How much of each numeric axis of the `index`-th plot in `scope` its data span: (max − min) of
 * every scatter and box trace on it, error bars included, over the axis range (in log10 on a log
 * axis). Category axes and heatmaps are left out: their categories fill them by construction.
 */
export function axisFill(
  page: Page,
  scope: string,
  index: number,
): Promise<Record<string, number>> {
  return page.evaluate(
    ([within, at]) => {
      type Trace = {
        type: string;
        visible?: boolean | string;
        x?: unknown[];
        y?: unknown[];
        x0?: number;
        dx?: number;
        xaxis?: string;
        yaxis?: string;
        error_y?: { visible?: boolean; array?: number[] };
      };
      type Axis = { type: string; range: number[] };
      const fig = document.querySelectorAll(within)[at];
      const gd = fig.querySelector('.js-plotly-plot') as unknown as {
        _fullData: Trace[];
        _fullLayout: Record<string, Axis>;
      };
      const seen: Record<string, number[]> = {};
      const add = (axis: string, values: number[]) => {
        // a log axis draws no value at or below 0
        const log = gd._fullLayout[axis]?.type === 'log';
        const v = values.filter((x) => Number.isFinite(x) && (!log || x > 0));
        if (!v.length) return;
        const [lo, hi] = seen[axis] ?? [Infinity, -Infinity];
        seen[axis] = [Math.min(lo, ...v), Math.max(hi, ...v)];
      };
      const nums = (v: unknown[] | undefined) => (v ?? []).map(Number);
      for (const t of gd._fullData) {
        if (t.visible !== true || (t.type !== 'scatter' && t.type !== 'box')) continue;
        const xa = `xaxis${(t.xaxis ?? 'x').slice(1)}`;
        const ya = `yaxis${(t.yaxis ?? 'y').slice(1)}`;
        const y = nums(t.y);
        const e = t.error_y?.visible ? (t.error_y.array ?? []) : [];
        add(ya, [...y, ...y.map((v, i) => v - (e[i] ?? 0)), ...y.map((v, i) => v + (e[i] ?? 0))]);
        if (t.type === 'scatter')
          add(
            xa,
            t.x ? nums(t.x) : [t.x0 ?? 0, (t.x0 ?? 0) + (t.dx ?? 1) * Math.max(0, y.length - 1)],
          );
      }
      const fill: Record<string, number> = {};
      for (const [name, [lo, hi]] of Object.entries(seen)) {
        const axis = gd._fullLayout[name];
        if (!axis || (axis.type !== 'linear' && axis.type !== 'log')) continue;
        const f = (v: number) => (axis.type === 'log' ? Math.log10(v) : v);
        fill[name] = (f(hi) - f(lo)) / Math.abs(axis.range[1] - axis.range[0]);
      }
      return fill;
    },
    [scope, index] as const,
  );
}

/**
 * Every plot in `scope` (a CSS selector): its texts apart (ticks, titles, legend, annotations and
 * the export buttons), inside its frame, its numeric axes more than half filled by the data, and
 * its SVG download a valid SVG. Soft checks, so one run lists every problem. Returns the count.
 */
export async function checkPlots(page: Page, scope: string): Promise<number> {
  const figures = `${scope} figure.plot`;
  const plots = page.locator(figures);
  const count = await plots.count();
  for (let i = 0; i < count; i++) {
    const name = (await plots.nth(i).getAttribute('aria-label')) ?? `plot ${i}`;
    await expect(plots.nth(i).locator('.js-plotly-plot .main-svg').first()).toBeVisible();
    expect
      .soft(await overlaps(page, 'svg text, .plot-export button', figures, i), `${name}: overlaps`)
      .toEqual([]);
    expect.soft(await svgTextsOutside(page, figures, i), `${name}: texts cut off`).toEqual([]);
    for (const [axis, fill] of Object.entries(await axisFill(page, figures, i)))
      expect.soft(fill, `${name}: data span of ${axis}`).toBeGreaterThan(0.5);
    const svg = await downloadedSvg(page, plots.nth(i).getByRole('button', { name: '⤓ SVG' }));
    expect.soft(svg, `${name}: SVG`).toMatchObject({ root: 'svg', errors: 0 });
  }
  return count;
}
