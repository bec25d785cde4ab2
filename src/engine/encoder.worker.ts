/** Worker that owns the sentence encoder (tokenizer + ONNX session); see encoderCore.ts. */
import { expose, type CallContext } from '../lib/worker-rpc';
import { fetchOk, gpuFirstOnHardware, type NavigatorLike } from './backend';
import { SentenceEncoder, type EncoderInfo } from './encoderCore';
import { getOrt } from './ort';
import type { Backend } from './types';

let encoder: Promise<SentenceEncoder> | null = null;

async function timeOne(e: SentenceEncoder): Promise<number> {
  const t = performance.now();
  await e.embed(Array.from({ length: 8 }, (_, i) => `Sentence number ${i} of the warm-up batch.`));
  return performance.now() - t;
}

/** Creates a session per candidate backend, keeps the one with the faster warm-up batch. */
async function create(baseUrl: string, allowGpu: boolean): Promise<SentenceEncoder> {
  const info = (await (await fetchOk(`${baseUrl}encoder.json`)).json()) as EncoderInfo;
  const [model, tokenizerJson, tokenizerConfig] = await Promise.all([
    fetchOk(`${baseUrl}${info.file}`).then(async (r) => new Uint8Array(await r.arrayBuffer())),
    fetchOk(`${baseUrl}tokenizer.json`).then((r) => r.json() as Promise<object>),
    fetchOk(`${baseUrl}tokenizer_config.json`).then((r) => r.json() as Promise<object>),
  ]);
  const files = { info, model, tokenizerJson, tokenizerConfig };
  const order = await gpuFirstOnHardware(navigator as unknown as NavigatorLike, allowGpu);
  const first = await SentenceEncoder.create(getOrt, files, order);
  if (first.backend === 'wasm') return first;
  const wasm = await SentenceEncoder.create(getOrt, files, ['wasm']);
  const [kept, dropped] =
    (await timeOne(first)) <= (await timeOne(wasm)) ? [first, wasm] : [wasm, first];
  await dropped.release();
  return kept;
}

export const api = {
  /** Loads the encoder once from `baseUrl` (our own origin); returns its backend and dimension. */
  async init(baseUrl: string, allowGpu: boolean): Promise<{ backend: Backend; dim: number }> {
    encoder ??= create(baseUrl, allowGpu);
    encoder.catch(() => (encoder = null));
    const e = await encoder;
    return { backend: e.backend, dim: e.dim };
  },
  /** Unit vectors [n, dim] for `texts`, with progress per batch; stops between batches on cancel. */
  async embed(texts: string[], ctx: CallContext): Promise<Float32Array> {
    if (!encoder) throw new Error('Encoder not initialised');
    return (await encoder).embed(texts, ctx);
  },
};

export type EncoderApi = typeof api;
expose(api);
