/**
 * The sentence encoder (public/encoder: MiniLM exported by training/encoder_export.py): JS tokenizer
 * + one ONNX graph that already mean-pools and L2-normalises. Runs wherever onnxruntime-web runs:
 * the encoder worker in the app, plain Node in tests and the benchmark.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import type * as Ort from 'onnxruntime-web';
import type { OrtFor } from './ort';
import { runInBatches, SerialQueue, type RunContext } from './session';
import type { Backend } from './types';

/** public/encoder/encoder.json as written by training/encoder_export.py. */
export interface EncoderInfo {
  name: string;
  dim: number;
  file: string;
  bytes: number;
  sha256: string;
  max_seq_length: number;
  inputs: { name: string }[];
  outputs: { name: string }[];
  tokenizer: string[];
}

export interface EncoderFiles {
  info: EncoderInfo;
  model: Uint8Array;
  tokenizerJson: object;
  tokenizerConfig: object;
}

/**
 * Sentences per session.run(). Batches are cut from length-sorted sentences, so padding stays
 * small; 16 keeps a long paste's progress moving without losing throughput on WASM.
 */
export const ENCODER_BATCH = 16;

/** Token ids of one sentence as sentence-transformers sees them: [CLS] ... [SEP], at most maxLen. */
export function tokenize(tokenizer: Tokenizer, text: string, maxLen: number): number[] {
  const ids = tokenizer.encode(text).ids;
  // Truncation as in HF: keep the first maxLen-1 tokens, then the closing [SEP] again.
  return ids.length <= maxLen ? ids : [...ids.slice(0, maxLen - 1), ids[ids.length - 1]];
}

/** Padded int64 input_ids and attention_mask [b, t] for a batch of token-id lists. */
export function padBatch(batch: number[][]): {
  ids: BigInt64Array;
  mask: BigInt64Array;
  t: number;
} {
  const t = Math.max(1, ...batch.map((s) => s.length));
  const ids = new BigInt64Array(batch.length * t);
  const mask = new BigInt64Array(batch.length * t);
  batch.forEach((s, b) =>
    s.forEach((id, j) => {
      ids[b * t + j] = BigInt(id);
      mask[b * t + j] = 1n;
    }),
  );
  return { ids, mask, t };
}

export class SentenceEncoder {
  private readonly queue = new SerialQueue();
  readonly dim: number;

  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    private readonly tokenizer: Tokenizer,
    readonly info: EncoderInfo,
    readonly backend: Backend,
  ) {
    this.dim = info.dim;
  }

  /** A session on the first backend in `backends` that initialises and runs a sentence. */
  static async create(
    ortFor: OrtFor,
    files: EncoderFiles,
    backends: Backend[] = ['wasm'],
  ): Promise<SentenceEncoder> {
    const tokenizer = new Tokenizer(files.tokenizerJson, files.tokenizerConfig);
    let last: unknown;
    for (const backend of backends) {
      try {
        const ort = ortFor(backend);
        const session = await ort.InferenceSession.create(files.model, {
          executionProviders: [backend],
          graphOptimizationLevel: 'all',
        });
        const encoder = new SentenceEncoder(ort, session, tokenizer, files.info, backend);
        await encoder.embed(['Warm-up.']);
        return encoder;
      } catch (e) {
        last = e;
      }
    }
    throw last instanceof Error ? last : new Error('No backend could run the sentence encoder');
  }

  /** Unit vectors [n, dim] for `texts`, in input order; calls are queued, never overlap. */
  embed(texts: string[], ctx: RunContext = {}): Promise<Float32Array> {
    return this.queue.run(() => this.embedNow(texts, ctx));
  }

  /** Frees the session (after queued calls); the encoder is unusable afterwards. */
  release(): Promise<void> {
    return this.queue.run(() => this.session.release());
  }

  /** Token count of each text (with [CLS]/[SEP]), for tests and the UI. */
  tokenCounts(texts: string[]): number[] {
    return texts.map((t) => tokenize(this.tokenizer, t, this.info.max_seq_length).length);
  }

  private async embedNow(texts: string[], ctx: RunContext): Promise<Float32Array> {
    const d = this.dim;
    const out = new Float32Array(texts.length * d);
    const tokens = texts.map((t) => tokenize(this.tokenizer, t, this.info.max_seq_length));
    const order = texts.map((_, i) => i).sort((a, b) => tokens[a].length - tokens[b].length);
    const [idsName, maskName] = this.info.inputs.map((i) => i.name);
    const outName = this.info.outputs[0].name;
    ctx.progress?.(0, texts.length);
    await runInBatches(
      order.length,
      ENCODER_BATCH,
      async (start, count) => {
        const rows = order.slice(start, start + count);
        const { ids, mask, t } = padBatch(rows.map((i) => tokens[i]));
        const feeds = {
          [idsName]: new this.ort.Tensor('int64', ids, [rows.length, t]),
          [maskName]: new this.ort.Tensor('int64', mask, [rows.length, t]),
        };
        const result = await this.session.run(feeds);
        const emb = (await result[outName].getData()) as Float32Array;
        rows.forEach((i, b) => out.set(emb.subarray(b * d, (b + 1) * d), i * d));
        Object.values(result).forEach((tensor) => tensor.dispose());
      },
      ctx,
    );
    return out;
  }
}
