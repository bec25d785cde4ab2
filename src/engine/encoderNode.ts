/** Loads public/encoder from disk for Node (tests, benchmark); the app fetches it in the worker. */
import { readFileSync } from 'node:fs';
import type { EncoderFiles, EncoderInfo } from './encoderCore';

/** The shipped encoder's files, read from `dir` (default: this repo's public/encoder). */
export function readEncoderFiles(
  dir: URL = new URL('../../public/encoder/', import.meta.url),
): EncoderFiles {
  const json = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as object;
  const info = json('encoder.json') as EncoderInfo;
  return {
    info,
    model: new Uint8Array(readFileSync(new URL(info.file, dir))),
    tokenizerJson: json('tokenizer.json'),
    tokenizerConfig: json('tokenizer_config.json'),
  };
}
