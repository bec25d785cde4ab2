/** Typed failures of the data loaders. Every message names the file, what was expected and what was found. */

export type DataErrorCode =
  | 'empty'
  | 'truncated'
  | 'bad-magic'
  | 'bad-header'
  | 'unsupported-version'
  | 'unsupported-dtype'
  | 'object-array'
  | 'size-mismatch'
  | 'too-large'
  | 'bad-zip'
  | 'bad-json'
  | 'bad-shape'
  | 'bad-offsets'
  | 'non-finite'
  | 'zero-vectors'
  | 'wrong-dim'
  | 'count-mismatch'
  | 'unknown-extension'
  | 'missing-key'
  | 'needs-mapping'
  | 'bad-k';

export interface DataErrorDetail {
  file: string;
  expected: string;
  found: string;
  code: DataErrorCode;
  /** extra facts a UI can act on, e.g. the rows holding NaN */
  extra?: Record<string, unknown>;
}

/** A file the loaders could not turn into a dataset. */
export class DataFileError extends Error {
  readonly file: string;
  readonly expected: string;
  readonly found: string;
  readonly code: DataErrorCode;
  readonly extra?: Record<string, unknown>;

  constructor(d: DataErrorDetail & { message?: string }) {
    super(d.message ?? `${d.file}: expected ${d.expected}; found ${d.found}`);
    this.name = 'DataFileError';
    this.file = d.file;
    this.expected = d.expected;
    this.found = d.found;
    this.code = d.code;
    this.extra = d.extra;
  }

  /** What crosses the worker boundary (worker-rpc copies `detail`). */
  get detail(): DataErrorDetail {
    return {
      file: this.file,
      expected: this.expected,
      found: this.found,
      code: this.code,
      ...(this.extra ? { extra: this.extra } : {}),
    };
  }

  /** Rebuild a DataFileError from an error that came back from a worker, or null if it is another kind. */
  static from(e: unknown): DataFileError | null {
    if (e instanceof DataFileError) return e;
    if (!(e instanceof Error) || e.name !== 'DataFileError') return null;
    const d = (e as { detail?: Partial<DataErrorDetail> }).detail ?? {};
    return new DataFileError({
      file: d.file ?? '',
      expected: d.expected ?? '',
      found: d.found ?? '',
      code: d.code ?? 'bad-header',
      extra: d.extra,
      message: e.message,
    });
  }
}

/** Shorthand used by every parser. */
export function fail(
  file: string,
  code: DataErrorCode,
  expected: string,
  found: string,
  message?: string,
): never {
  throw new DataFileError({ file, code, expected, found, message });
}

/** Bytes in a human unit for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** A text file's contents as UTF-8, or a DataFileError naming the file. */
export function decodeUtf8(input: ArrayBuffer | Uint8Array | string, file: string): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      input instanceof Uint8Array ? input : new Uint8Array(input),
    );
  } catch {
    fail(file, 'bad-json', 'UTF-8 text', 'bytes that are not UTF-8');
  }
}
