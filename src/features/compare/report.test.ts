// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import type { ModelInfo } from '../../engine/types';
import type { EvalEntry } from '../../metrics/evaluate';
import { summarize } from '../../metrics/hits';
import { recordModelHash, sha256Hex } from '../../predictors/modelHashes';
import { buildReport, datasetHash, reportUrl } from './report';
import { loadPlotly } from '../../components/Plot';
import { plotLayout } from '../../components/plotLayout';
import { plotSvg } from '../../components/plotSvg';
import { embeddableSvg, REPORT_CSP } from './reportHtml';
import { buildRows } from './table';

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EVIL = '<script>alert(1)</script> & "x"';

// 7 stream rows in two articles, file row 2 dropped (as in exports.test.ts): with K = 1, 4 windows.
const D = 2;
const vectors = Float32Array.from({ length: 7 * D }, (_, j) => (j % 3) - 1);
const dataset: Dataset = {
  id: 'tiny',
  name: `Tiny ${EVIL} http://example.com/x.png`,
  origin: 'tiny.npz',
  dim: D,
  stream: {
    vectors,
    count: 7,
    articleIds: Int32Array.from([7, 7, 7, 7, 9, 9, 9]),
    sourceRows: Int32Array.from([0, 1, 3, 4, 5, 6, 7]),
  },
  bank: { vectors, count: 7 },
  articles: [
    { id: 7, title: EVIL, topic: 'places' },
    { id: 9, title: 'Rome', topic: 'places' },
  ],
};

function entry(id: string, name: string, kind: EvalEntry['kind'], ranks: number[]): EvalEntry {
  const n = ranks.length;
  const cosines = Float32Array.from(ranks, (r) => 1 / r);
  return {
    id,
    name,
    kind,
    prediction: new Float32Array(n * D),
    cosines,
    ranks: Int32Array.from(ranks),
    top: { ids: new Int32Array(0), scores: new Float32Array(0), k: 0 },
    summary: summarize(cosines, Int32Array.from(ranks)),
    backend: 'wasm',
    predictMs: 1,
    rankMs: 1,
  };
}
const entries = [
  entry('amn', EVIL, 'model', [1, 2, 4, 10]),
  entry('linear_average', 'Linear average', 'baseline', [3, 30, 1, 2]),
];
const evaluation = { datasetId: 'tiny', k: 1, n: 4, entries, wallMs: 1 };
const amn = { id: 'amn', loadId: 'amn#1', params: 1234567, bytes: 2_500_000 } as ModelInfo;
const perf = new Map([
  ['amn', { p50: 1.234, p95: 2.5, p99: 3, throughput: 12345, bestBatch: 32, backend: 'wasm' }],
]);

async function report(
  figures?: { title: string; svg: string }[],
): Promise<{ html: string; doc: Document }> {
  recordModelHash('amn#1', new TextEncoder().encode('abc').buffer);
  const rows = buildRows('tiny', entries, [amn], perf);
  const file = await buildReport(dataset, evaluation, rows, [], [amn], new Date(0), figures);
  expect(file.name).toMatch(/_report\.html$/);
  const html = await file.blob.text();
  return { html, doc: new DOMParser().parseFromString(html, 'text/html') };
}

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector for "abc"', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(ABC_SHA256);
  });
});

describe('the HTML report', () => {
  it("states the evaluation's table values, with each model file's SHA-256", async () => {
    const { doc } = await report();
    const cells = (id: string) =>
      Array.from(doc.querySelectorAll(`tr[data-model="${id}"] td`), (td) => td.textContent);
    // cosines 1, .5, .25, .1: mean .4625, std .3416; ranks 1, 2, 4, 10
    expect(cells('amn')).toEqual([
      EVIL,
      'model',
      '0.4625 ± 0.3416',
      '25.0%',
      '75.0%',
      '100.0%',
      '100.0%',
      '0.4625',
      '4.3',
      '1.23 / 2.50',
      '12.3k',
      '1.23M',
      '2.50 MB',
      'wasm',
      ABC_SHA256,
    ]);
    expect(cells('linear_average').slice(3, 5)).toEqual(['25.0%', '75.0%']);
    expect(cells('linear_average').at(-1)).toBe('(baseline)');
    // both plots, one curve/box per predictor in its colour
    expect(doc.querySelectorAll('svg')).toHaveLength(2);
    expect(doc.querySelectorAll('svg path[stroke="#1f77b4"]')).toHaveLength(1);
    expect(doc.querySelectorAll('svg rect')).toHaveLength(2);
    // the per-window records (perWindowRecords), article titles as text
    const perWindow = doc.querySelectorAll('details table.per-window tbody tr');
    expect(perWindow).toHaveLength(4);
    expect(perWindow[0].textContent).toContain(EVIL);
    const text = doc.body.textContent!;
    expect(text).toContain(await sha256Hex(vectors));
    expect(text).toContain('?view=compare&data=tiny&models=amn');
    expect(text).toContain('LVM Lens 0.');
    expect(text).toContain('1970-01-01T00:00:00.000Z');
    expect(text).toContain('Seeds');
  });

  it('writes user text as text: no script, no URL outside text, a CSP that forbids requests', async () => {
    const { html, doc } = await report();
    expect(html).not.toMatch(/<script/i);
    expect(doc.title).toBe(`LVM Lens report · ${dataset.name}`);
    expect(doc.querySelector('h1')!.textContent).toBe(`LVM Lens report · ${dataset.name}`);
    expect(
      doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content'),
    ).toBe(REPORT_CSP);
    // the only http URL is the dataset's name, inside a text node
    for (const el of Array.from(doc.querySelectorAll('*')))
      for (const a of Array.from(el.attributes)) expect(a.value).not.toMatch(/https?:|\/\//);
    expect(doc.querySelectorAll('link, img, iframe, object, embed, script, base')).toHaveLength(0);
  });
});

describe('the report embeds the plots as drawn', () => {
  it("embeds each plot's own SVG export, the file its ⤓ SVG button downloads", async () => {
    const P = await loadPlotly();
    const el = document.createElement('div');
    document.body.append(el);
    await P.newPlot(
      el,
      [{ type: 'bar', x: ['a', 'b'], y: [0.4, 0.6] }],
      plotLayout('Cosine', 300, {}),
    );
    const svg = await plotSvg(el, 600, 300);
    const { doc } = await report([{ title: `Cosine ${EVIL}`, svg }]);
    const fig = doc.querySelector('.figures figure')!;
    expect(fig.querySelector('figcaption')!.textContent).toBe(`Cosine ${EVIL}`);
    // the same drawing: every text of the export, in order
    const inReport = [...fig.querySelectorAll('svg text')].map((t) => t.textContent);
    const exported = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(inReport).toEqual([...exported.querySelectorAll('text')].map((t) => t.textContent));
    expect(inReport).toContain('Cosine');
    expect(doc.querySelectorAll('script')).toHaveLength(0);
  }, 60_000);

  it('refuses an SVG that could run anything', () => {
    expect(() => embeddableSvg('<svg><script>alert(1)</script></svg>')).toThrow();
    expect(() => embeddableSvg('<svg><rect onclick="x()"/></svg>')).toThrow();
    expect(() => embeddableSvg('<div></div>')).toThrow();
    expect(embeddableSvg('<?xml version="1.0"?>\n<svg><text>on=1</text></svg>')).toBe(
      '<svg><text>on=1</text></svg>',
    );
  });
});

describe('report provenance', () => {
  it('hashes a windows file as its contexts followed by its targets', async () => {
    const contexts = Float32Array.from([1, 2, 3, 4]);
    const targets = Float32Array.from([5, 6]);
    const windowsOnly = {
      ...dataset,
      stream: undefined,
      windows: { contexts, targets, count: 1, k: 2 },
    } as Dataset;
    const { sha256 } = await datasetHash(windowsOnly);
    expect(sha256).toBe(await sha256Hex(Float32Array.from([1, 2, 3, 4, 5, 6])));
  });

  it('names the URL state that reopens Compare', () => {
    expect(reportUrl('demo-ood', ['amn', 'gru'])).toBe(
      '?view=compare&data=demo-ood&models=amn,gru',
    );
    expect(reportUrl('my data', [])).toBe('?view=compare&data=my%20data');
  });
});
