/** A windows file (contexts [N, K, D] + targets [N, D], optional bank) as a Dataset. */
import { cleanItems, keepRows, scanRows } from './badRows';
import type { Bundle, Dataset, KeyMapping } from './types';
import { fail } from './errors';
import { toFloat32 } from './ndarray';
import { floatTensor } from './roleTensors';
import { withHalfVectors } from './halfBankStorage';

type Head = Pick<Dataset, 'id' | 'name' | 'origin'>;

/** Build a windows dataset; the bank is the targets unless the mapping names one. */
export function buildWindowsDataset(
  b: Bundle,
  mapping: KeyMapping,
  head: Head,
  dropBadRows: boolean,
): Dataset {
  const file = b.files.join(' + ');
  if (!mapping.contexts || !mapping.targets)
    fail(
      file,
      'missing-key',
      'both contexts [N, K, D] and targets [N, D]',
      `only ${mapping.contexts ? 'contexts' : 'targets'}`,
    );
  const c = floatTensor(b, mapping.contexts, 'contexts', 3, '[N, K, D]');
  const t = floatTensor(b, mapping.targets, 'targets', 2, '[N, D]');
  const [n, k, dim] = c.shape;
  if (t.shape[0] !== n || t.shape[1] !== dim)
    fail(
      t.file,
      'bad-shape',
      `targets [${n}, ${dim}] to match contexts [${c.shape.join(', ')}]`,
      `targets [${t.shape.join(', ')}]`,
    );
  let contexts = toFloat32(c);
  let targets = toFloat32(t);
  let count = n;
  const warnings: string[] = [];
  // a window is bad when any of its K context vectors or its target is
  const scans = [scanRows(contexts, dim, k), scanRows(targets, dim, 1)];
  const keep = cleanItems(file, 'windows', n, scans, dropBadRows);
  if (keep) {
    contexts = keepRows(contexts, k * dim, keep);
    targets = keepRows(targets, dim, keep);
    count = keep.length;
    warnings.push(`dropped ${n - count} windows holding NaN/Inf or all-zero vectors`);
  }
  let bank: Dataset['bank'] = { vectors: targets, count };
  if (mapping.bank) {
    const bk = floatTensor(b, mapping.bank, 'bank', 2, '[M, D]');
    if (bk.shape[1] !== dim) fail(bk.file, 'wrong-dim', `a ${dim}-D bank`, `${bk.shape[1]}-D`);
    bank =
      bk.dtype === 'float16' && bk.data instanceof Uint16Array
        ? withHalfVectors({ half: bk.data, count: bk.shape[0] } as Dataset['bank'] & {
            half: Uint16Array;
          })
        : { vectors: toFloat32(bk), count: bk.shape[0] };
  }
  if (b.texts) {
    if (b.texts.values.length === bank.count) bank.texts = b.texts.values;
    else
      fail(
        b.texts.file,
        'count-mismatch',
        `${bank.count} sentences (one per ${mapping.bank ? 'bank vector' : 'target'})`,
        `${b.texts.values.length}`,
      );
  }
  return {
    ...head,
    dim,
    windows: { contexts, targets, count, k },
    bank,
    ...(warnings.length ? { warnings } : {}),
  };
}
