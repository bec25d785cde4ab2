/** UI-side client of the encoder worker: text in, unit sentence vectors out. */
import { callOptions, wrap, type CallOptions, type Remote } from '../lib/worker-rpc';
import type { EncoderApi } from './encoder.worker';
import type { Backend } from './types';

export interface EncoderStatus {
  backend: Backend;
  dim: number;
}

let remote: Remote<EncoderApi> | null = null;
let ready: Promise<EncoderStatus> | null = null;

function encoderUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}encoder/`, window.location.href).href;
}

/** Starts the worker and loads the encoder (idempotent); a failed start can be retried. */
export function initEncoder(allowGpu = true): Promise<EncoderStatus> {
  if (!ready) {
    const worker = new Worker(new URL('./encoder.worker.ts', import.meta.url), {
      type: 'module',
      name: 'lvm-encoder',
    });
    remote = wrap<EncoderApi>(worker);
    ready = remote.init(encoderUrl(), allowGpu);
    ready.catch(() => {
      ready = null;
      worker.terminate();
    });
  }
  return ready;
}

/** Embeds `texts` as [n, dim] unit vectors (MiniLM, the demo data's encoder). */
export async function embedSentences(
  texts: string[],
  opts: CallOptions = {},
): Promise<Float32Array> {
  await initEncoder();
  if (!texts.length) return new Float32Array(0);
  return remote!.embed(texts, callOptions(opts));
}
