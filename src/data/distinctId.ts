/**
 * A dataset's id comes from its file name; a *different* file of the same name gets an id and a
 * name of its own ("stream.npy (2)") instead of silently replacing the loaded one (results bundles
 * and views matched to that one would break). The same content under the same name keeps its id.
 */
import type { Dataset } from './types';

type Bytes = ArrayBufferView | undefined;

function sameBytes(a: Bytes, b: Bytes): boolean {
  if (!a || !b) return a === b;
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Whether two datasets hold the same vectors (a float16 bank compared by its bits, never widened). */
export function sameContent(a: Dataset, b: Dataset): boolean {
  const bankOf = (d: Dataset): Bytes => d.bank.half ?? (d.stream ? undefined : d.bank.vectors);
  return (
    a.dim === b.dim &&
    a.bank.count === b.bank.count &&
    sameBytes(a.stream?.vectors, b.stream?.vectors) &&
    sameBytes(a.windows?.contexts, b.windows?.contexts) &&
    sameBytes(a.windows?.targets, b.windows?.targets) &&
    sameBytes(bankOf(a), bankOf(b))
  );
}

/** `ds`, or `ds` under the first free "<id> (n)" when a loaded dataset has its id and other content. */
export function distinctFrom(ds: Dataset, loaded: (id: string) => Dataset | undefined): Dataset {
  const there = loaded(ds.id);
  if (!there || sameContent(there, ds)) return ds;
  for (let n = 2; ; n++) {
    const id = `${ds.id} (${n})`;
    const other = loaded(id);
    if (other && !sameContent(other, ds)) continue;
    const name = `${ds.name} (${n})`;
    const note = `another ${ds.name} with other vectors is loaded: this one is listed as ${name}`;
    return { ...ds, id, name, warnings: [...(ds.warnings ?? []), note] };
  }
}
