/** UI-side client of the encoder worker: text in, unit sentence vectors out. */
import { LazyWorker } from '../lib/lazyWorker';
import { callOptions, type CallOptions } from '../lib/worker-rpc';
import type { EncoderApi } from './encoder.worker';
import type { Backend } from './types';

export interface EncoderStatus {
  backend: Backend;
  dim: number;
}

function encoderUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}encoder/`, window.location.href).href;
}

const encoder = new LazyWorker<EncoderApi, EncoderStatus, [boolean]>({
  create: () =>
    new Worker(new URL('./encoder.worker.ts', import.meta.url), {
      type: 'module',
      name: 'lvm-encoder',
    }),
  init: (remote, allowGpu) => remote.init(encoderUrl(), allowGpu),
  name: 'encoder',
});

/** Starts the worker and loads the encoder (idempotent); a failed start can be retried. */
export function initEncoder(allowGpu = true): Promise<EncoderStatus> {
  return encoder.ready(allowGpu);
}

/** Embeds `texts` as [n, dim] unit vectors (MiniLM, the demo data's encoder). */
export async function embedSentences(
  texts: string[],
  opts: CallOptions = {},
): Promise<Float32Array> {
  await initEncoder();
  if (!texts.length) return new Float32Array(0);
  return encoder.remote.embed(texts, callOptions(opts));
}
