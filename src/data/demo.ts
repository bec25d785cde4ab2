/** The shipped demo data (public/data): stream datasets demo-val, demo-ood and demo-stress, with texts and articles. */
import { DataFileError, fail } from './errors';
import { parseNpy } from './npy';
import { toFloat32 } from './ndarray';
import { buildDataset } from './dataset';
import { fetchWithProgress, HttpError, type ByteProgress } from '../lib/fetchWithProgress';
import type { ArticleInfo, Dataset } from './types';

interface SplitManifest {
  vectors: string;
  sentences: string;
  count: number;
  windows?: number;
}

/** public/data/dataset.json as written by training/. */
export interface DemoManifest {
  name: string;
  source: string;
  encoder: { name: string; dim: number };
  k: number;
  dim: number;
  splits: Record<string, SplitManifest>;
  train_mean: string;
  articles: string;
}

export interface DemoOptions {
  /** where public/data is served (default: the app's base URL + 'data/') */
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  onProgress?: (fraction: number, label: string) => void;
  signal?: AbortSignal;
}

const SPLITS = [
  { split: 'val', id: 'demo-val', name: 'Demo · val' },
  { split: 'ood', id: 'demo-ood', name: 'Demo · OOD' },
  { split: 'stress', id: 'demo-stress', name: 'Demo · stress (Moby-Dick)' },
] as const;

function dataUrl(opts: DemoOptions): string {
  return opts.baseUrl ?? `${import.meta.env?.BASE_URL ?? '/'}data/`;
}

/** Fetch one file's bytes with progress; an HTTP error names the URL as the file. */
async function fetchBytes(
  url: string,
  opts: DemoOptions,
  onProgress?: ByteProgress,
): Promise<ArrayBuffer> {
  try {
    return await fetchWithProgress(url, {
      fetchImpl: opts.fetchImpl,
      signal: opts.signal,
      onProgress,
    });
  } catch (e) {
    if (e instanceof HttpError) fail(url, 'empty', 'the shipped demo file', `HTTP ${e.status}`);
    throw e;
  }
}

async function fetchJson<T>(url: string, opts: DemoOptions): Promise<T> {
  const text = new TextDecoder().decode(await fetchBytes(url, opts));
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    fail(url, 'bad-json', 'JSON', `a syntax error (${(e as Error).message})`);
  }
}

let manifestPromise: Promise<DemoManifest> | null = null;
/** The demo manifest (fetched once). */
export function loadDemoManifest(opts: DemoOptions = {}): Promise<DemoManifest> {
  manifestPromise ??= fetchJson<DemoManifest>(`${dataUrl(opts)}dataset.json`, opts).catch((e) => {
    manifestPromise = null;
    throw e;
  });
  return manifestPromise;
}

/** Build one split's dataset from its files' contents (exported for tests). */
export function demoDataset(
  spec: { id: string; name: string; split: string },
  vectorsNpy: ArrayBuffer,
  sentences: { texts: string[]; article: number[] },
  articles: Array<ArticleInfo & { split?: string }>,
  files: SplitManifest,
): Dataset {
  const nd = parseNpy(vectorsNpy, files.vectors);
  const texts = sentences.texts;
  const result = buildDataset(
    {
      files: [files.vectors],
      tensors: {
        vectors: { ...nd, data: toFloat32(nd), file: files.vectors },
        article_ids: {
          data: Int32Array.from(sentences.article),
          shape: [sentences.article.length],
          dtype: 'int32',
          file: files.sentences,
        },
      },
      texts: { values: texts, file: files.sentences },
    },
    {
      id: spec.id,
      name: spec.name,
      origin: 'shipped demo',
      mapping: { vectors: 'vectors', articleIds: 'article_ids' },
    },
  );
  if (result.kind !== 'dataset')
    fail(files.vectors, 'bad-shape', 'a vectors array', 'ambiguous arrays');
  const used = new Set(sentences.article);
  result.dataset.articles = articles
    .filter((a) => used.has(a.id))
    .map(({ id, title, topic }) => ({ id, title, topic }));
  return result.dataset;
}

/**
 * Fetch and build the shipped demo's datasets with the K its manifest counts windows for. Nothing is
 * registered here: jobs/loadDemo.ts lists them in the store.
 */
export async function fetchDemoDatasets(
  opts: DemoOptions = {},
): Promise<{ datasets: Dataset[]; k: number }> {
  const base = dataUrl(opts);
  const manifest = await loadDemoManifest(opts);
  const articles = await fetchJson<Array<ArticleInfo & { split?: string }>>(
    `${base}${manifest.articles}`,
    opts,
  );
  const specs = SPLITS.filter((s) => manifest.splits[s.split]);
  const sizes = specs.map(() => 0);
  const done = specs.map(() => 0);
  const tick = (label: string) => {
    const total = sizes.reduce((a, b) => a + b, 0);
    const fraction = total ? done.reduce((a, b) => a + b, 0) / total : 0;
    opts.onProgress?.(fraction, label);
  };
  const loading = Promise.all(
    specs.map(async (spec, i) => {
      const files = manifest.splits[spec.split];
      const [npy, sentences] = await Promise.all([
        fetchBytes(`${base}${files.vectors}`, opts, (d, t) => {
          sizes[i] = t;
          done[i] = d;
          tick(`loading ${files.vectors}`);
        }),
        fetchJson<{ texts: string[]; article: number[] }>(`${base}${files.sentences}`, opts),
      ]);
      const ds = demoDataset(spec, npy, sentences, articles, files);
      if (ds.dim !== manifest.dim)
        throw new DataFileError({
          file: files.vectors,
          code: 'wrong-dim',
          expected: `${manifest.dim}-D (dataset.json)`,
          found: `${ds.dim}-D`,
        });
      return ds;
    }),
  );
  return { datasets: await loading, k: manifest.k };
}

let trainMean: Promise<Float32Array> | null = null;
/** The mean of all training-split sentence vectors (the global-mean baseline), fetched once. */
export function loadTrainMean(opts: DemoOptions = {}): Promise<Float32Array> {
  trainMean ??= (async () => {
    const manifest = await loadDemoManifest(opts);
    const nd = parseNpy(
      await fetchBytes(`${dataUrl(opts)}${manifest.train_mean}`, opts),
      manifest.train_mean,
    );
    if (nd.shape.length !== 1)
      fail(manifest.train_mean, 'bad-shape', 'a vector [D]', `shape [${nd.shape.join(', ')}]`);
    return toFloat32(nd);
  })().catch((e) => {
    trainMean = null;
    throw e;
  });
  return trainMean;
}
