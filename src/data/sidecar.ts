/** Text sidecars: a .txt with one sentence per line or a .json list of strings, paired with vectors by position. */
import { decodeUtf8, fail } from './errors';

/** Read a sidecar's sentences. A trailing newline does not make an extra empty sentence. */
export function parseSidecar(
  input: ArrayBuffer | Uint8Array | string,
  fileName = 'sentences.txt',
): string[] {
  const file = fileName;
  const text = decodeUtf8(input, file);
  if (!fileName.toLowerCase().endsWith('.json')) {
    const lines = text.split(/\r?\n/);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail(file, 'bad-json', 'a JSON list of sentences', `a syntax error (${(e as Error).message})`);
  }
  const list =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? ((value as Record<string, unknown>).texts ?? (value as Record<string, unknown>).sentences)
      : value;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string'))
    fail(file, 'bad-json', 'a list of strings (or {texts: [...]})', 'something else');
  return list as string[];
}

/** Check a sidecar has exactly one sentence per vector. */
export function pairTexts(texts: string[], count: number, fileName: string): string[] {
  if (texts.length !== count)
    fail(
      fileName,
      'count-mismatch',
      `${count} sentences (one per vector)`,
      `${texts.length}`,
      `${fileName} holds ${texts.length} sentences; the vectors hold ${count} rows (sentences pair with vectors by position)`,
    );
  return texts;
}
