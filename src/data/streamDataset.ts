/** A stream of vectors [N, D] (optional article ids, texts, ids) as a Dataset. */
import { cleanItems, keepRows, scanRows } from './badRows';
import type { Bundle, Dataset, KeyMapping } from './types';
import { fail } from './errors';
import { toFloat32, toInt32 } from './ndarray';
import { floatTensor, tensor } from './roleTensors';
import { pairTexts } from './sidecar';

type Head = Pick<Dataset, 'id' | 'name' | 'origin'>;

/** Build a stream dataset; the stream is its own bank. */
export function buildStreamDataset(
  b: Bundle,
  mapping: KeyMapping,
  head: Head,
  dropBadRows: boolean,
): Dataset {
  if (!mapping.vectors) {
    const shapes = Object.entries(b.tensors).map(
      ([k, t]) => `${k} [${t.shape.join(', ')}] ${t.dtype}`,
    );
    fail(
      b.files.join(' + '),
      'bad-shape',
      'float (float16/32/64) vectors [N, D] or contexts [N, K, D] + targets [N, D]',
      shapes.join(', ') || 'no arrays',
    );
  }
  const v = floatTensor(b, mapping.vectors, 'vectors', 2, '[N, D]');
  const [n, dim] = v.shape;
  let vectors = toFloat32(v);
  let articleIds: Int32Array | undefined;
  if (mapping.articleIds) {
    const a = tensor(b, mapping.articleIds, 'article ids');
    if (a.shape.length !== 1 || a.shape[0] !== n)
      fail(
        a.file,
        'bad-shape',
        `article ids of shape [${n}] (one per vector)`,
        `shape [${a.shape.join(', ')}]`,
      );
    articleIds =
      toInt32(a) ??
      fail(
        a.file,
        'bad-shape',
        'integer article ids',
        `non-integer values in '${mapping.articleIds}'`,
      );
  }
  let texts = b.texts && pairTexts(b.texts.values, n, b.texts.file);
  const warnings: string[] = [];
  let ids = b.ids;
  if (ids && ids.length !== n) {
    warnings.push(`ignored ${ids.length} ids: they do not pair one per vector (${n} rows)`);
    ids = undefined;
  }
  let count = n;
  let sourceRows: Int32Array | undefined;
  const keep = cleanItems(v.file, 'rows', n, [scanRows(vectors, dim, 1)], dropBadRows);
  if (keep) {
    vectors = keepRows(vectors, dim, keep);
    if (articleIds) articleIds = Int32Array.from(keep, (r) => articleIds![r]);
    if (texts) texts = keep.map((r) => texts![r]);
    if (ids) ids = keep.map((r) => ids![r]);
    sourceRows = Int32Array.from(keep);
    count = keep.length;
    warnings.push(`dropped ${n - count} rows holding NaN/Inf or all-zero vectors`);
  }
  const stream: NonNullable<Dataset['stream']> = { vectors, count };
  if (texts) stream.texts = texts;
  if (articleIds) stream.articleIds = articleIds;
  if (ids) stream.ids = ids;
  if (sourceRows) stream.sourceRows = sourceRows;
  return {
    ...head,
    dim,
    stream,
    bank: { vectors, count, ...(texts ? { texts } : {}) },
    ...(warnings.length ? { warnings } : {}),
  };
}
