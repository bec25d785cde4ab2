/**
 * The workspace listing `lvm-lens open` serves (lvm_lens/listing.py): which files, grouped as the
 * app loads them. Parsed and checked here before anything is fetched; pure.
 */

export interface ListedFile {
  name: string;
  url: string;
  size: number;
  mtime: number;
}

export interface ListedItem {
  kind: 'model' | 'data' | 'bundle';
  name: string;
  files: ListedFile[];
}

export interface Listing {
  watch: boolean;
  items: ListedItem[];
}

export const LISTING_FORMAT = 'lvm-lens-workspace';
const KINDS = new Set(['model', 'data', 'bundle']);

/** The URL `?open=` names, resolved against the page; refused unless it is on the page's own origin. */
export function sameOriginUrl(raw: string, page: string): URL {
  let url: URL;
  try {
    url = new URL(raw, page);
  } catch {
    throw new Error(`?open= names "${raw}", which is not a URL`);
  }
  if (url.origin !== new URL(page).origin)
    throw new Error(
      `?open= names ${url.origin}, another site; only files served with the app (${new URL(page).origin}) are opened`,
    );
  return url;
}

function file(f: unknown, where: string, page: string): ListedFile {
  const o = f as Record<string, unknown> | null;
  if (
    !o ||
    typeof o.name !== 'string' ||
    typeof o.url !== 'string' ||
    typeof o.size !== 'number' ||
    typeof o.mtime !== 'number'
  )
    throw new Error(
      `${where}: expected files as {name, url, size, mtime}; found ${JSON.stringify(f)}`,
    );
  return { name: o.name, url: sameOriginUrl(o.url, page).href, size: o.size, mtime: o.mtime };
}

/** The listing at `where`, checked: its format, kinds and files, every file on the page's origin. */
export function parseListing(json: unknown, where: string, page: string): Listing {
  const o = json as Record<string, unknown> | null;
  if (!o || o.format !== LISTING_FORMAT || o.version !== 1 || !Array.isArray(o.items))
    throw new Error(
      `${where}: expected a workspace listing (format "${LISTING_FORMAT}", version 1); found ${o && typeof o === 'object' ? `format ${JSON.stringify(o.format)}` : typeof json}`,
    );
  const items = o.items.map((it, i): ListedItem => {
    const x = it as Record<string, unknown> | null;
    if (!x || !KINDS.has(x.kind as string) || typeof x.name !== 'string' || !Array.isArray(x.files))
      throw new Error(`${where}: item ${i} is not {kind: model|data|bundle, name, files}`);
    return {
      kind: x.kind as ListedItem['kind'],
      name: x.name,
      files: x.files.map((f) => file(f, `${where} item ${i}`, page)),
    };
  });
  return { watch: o.watch === true, items };
}

/**
 * `?open=` naming one file rather than a listing: a listing of that file alone (an .onnx is a
 * model, a vector file a dataset), or null when the name says neither. Its size is learnt on fetch.
 */
export function listingOfFile(url: URL, dataExtensions: readonly string[]): Listing | null {
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
  const kind =
    ext === '.onnx' ? 'model' : dataExtensions.includes(ext) && ext !== '.json' ? 'data' : null;
  if (!kind) return null;
  return {
    watch: false,
    items: [{ kind, name, files: [{ name, url: url.href, size: 0, mtime: 0 }] }],
  };
}

/** What an item is now: its files' URLs, sizes and times (a rewritten file is a new item). */
export function itemSignature(item: ListedItem): string {
  return item.files.map((f) => `${f.url}@${f.size}@${f.mtime}`).join('|');
}

/** The items not seen before, in listing order; marks them seen. */
export function takeNew(listing: Listing, seen: Set<string>): ListedItem[] {
  const fresh = listing.items.filter((it) => !seen.has(itemSignature(it)));
  for (const it of fresh) seen.add(itemSignature(it));
  return fresh;
}
