/**
 * `?open=<listing>`: the files `lvm-lens open` serves, fetched from this origin with progress,
 * loaded as a drop loads them, and selected. With `watch` in the listing it is polled, and files
 * that appear later join: a new model is added, a new checkpoint joins the Checkpoints set.
 */
import { fetchWithProgress } from '../../lib/fetchWithProgress';
import type { LoadedKind } from '../../lib/loadEvents';
import { startJob, type JobContext } from '../../jobs/runner';
import { entryKey } from '../../jobs/persist/blobStore';
import { hashFiles, liveIds } from '../../jobs/persist/workspacePersist';
import { epochFromFileName, epochFromMetadata } from '../../predictors/checkpoints';
import { readOnnxMetadata } from '../../predictors/onnxMetadata';
import { useAppStore } from '../../store';
import { DEFAULT_FILE_BUDGET } from '../../data/readFile';
import { formatBytes } from '../../data/errors';
import { ACCEPTED_EXTENSIONS } from '../../data/parseFiles';
import {
  listingOfFile,
  parseListing,
  sameOriginUrl,
  takeNew,
  type ListedItem,
  type Listing,
} from './listing';
import { finished, loadAs } from './loaders';

export const POLL_MS = 1500;

/** A per-epoch checkpoint: its metadata or its file name names an epoch (predictors/checkpoints.ts). */
function isCheckpoint(file: File, bytes: ArrayBuffer): boolean {
  return (
    epochFromMetadata(readOnnxMetadata(bytes)) !== null || epochFromFileName(file.name) !== null
  );
}

/** Loads files unless the same bytes are loaded as the same kind already (e.g. restored at start). */
async function loadOnce(kind: LoadedKind, files: File[]): Promise<string[]> {
  const key = entryKey(
    kind,
    (await hashFiles(files)).map((f) => f.hash),
  );
  return liveIds(key) ?? loadAs(kind, files);
}

interface LinkState {
  seen: Set<string>;
  checkpoints: Map<string, File>;
  first: boolean;
}

async function fetchItem(item: ListedItem, ctx: JobContext<void>, at: number, of: number) {
  const files: File[] = [];
  for (const f of item.files) {
    // the same budget as a picked file, refused before a byte is fetched
    if (f.size > DEFAULT_FILE_BUDGET)
      throw new Error(
        `${f.name} is ${formatBytes(f.size)}; the limit is ${formatBytes(DEFAULT_FILE_BUDGET)} (refused before fetching)`,
      );
    const bytes = await fetchWithProgress(f.url, {
      signal: ctx.signal,
      onProgress: (d) => ctx.report((at + d / Math.max(f.size, 1)) / of, `fetching ${f.name}`),
    });
    files.push(new File([bytes], f.name));
  }
  return files;
}

/** Loads the new items of one listing; the first time, selects what it loaded. */
function loadItems(items: ListedItem[], state: LinkState) {
  return async (ctx: JobContext<void>): Promise<void> => {
    const errors: string[] = [];
    const models: string[] = [];
    let dataset: string | undefined;
    let newCheckpoint = false;
    for (const [i, item] of items.entries()) {
      try {
        const files = await fetchItem(item, ctx, i, items.length);
        ctx.report((i + 0.9) / items.length, `loading ${item.name}`);
        if (item.kind === 'model') {
          const plain: File[] = [];
          for (const f of files) {
            if (isCheckpoint(f, await f.arrayBuffer())) {
              state.checkpoints.set(f.name, f);
              newCheckpoint = true;
            } else plain.push(f);
          }
          if (plain.length) models.push(...(await loadOnce('model', plain)));
        } else {
          const ids = await loadOnce(item.kind, files);
          if (item.kind === 'data') dataset = ids[0];
          else models.push(...ids);
        }
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        errors.push(`${item.name}: ${(e as Error).message}`);
      }
    }
    if (newCheckpoint) {
      ctx.report(0.95, 'loading checkpoints');
      await loadOnce('checkpoints', [...state.checkpoints.values()]).catch((e: Error) =>
        errors.push(`checkpoints: ${e.message}`),
      );
    }
    const s = useAppStore.getState();
    if (dataset && (state.first || !s.datasets.some((d) => d.id === s.datasetId)))
      s.setDatasetId(dataset);
    if (models.length) {
      const kept = state.first ? [] : s.selectedModels;
      const selected = [...kept, ...models.filter((m) => !kept.includes(m))];
      // pinned as a URL's models are: shipped models that finish loading later do not join
      useAppStore.setState({ selectedModels: selected, urlModels: selected });
    }
    state.first = false;
    if (errors.length) throw new Error(errors.join('\n'));
  };
}

let links = 0;

/** Opens the listing at `raw` (same origin only) and, when it says so, keeps watching it. */
export async function openWorkspaceLink(raw: string): Promise<void> {
  const store = useAppStore.getState();
  let url: URL;
  try {
    url = sameOriginUrl(raw, window.location.href);
  } catch (e) {
    store.setDataError((e as Error).message);
    return;
  }
  const state: LinkState = { seen: new Set(), checkpoints: new Map(), first: true };
  // a link to one model or vector file opens that file; anything else must be a listing
  const single = listingOfFile(url, ACCEPTED_EXTENSIONS);
  const read = async (): Promise<Listing> => {
    if (single) return single;
    const res = await fetch(url, { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return parseListing(await res.json(), url.pathname, window.location.href);
  };
  const sync = async (): Promise<boolean> => {
    const listing = await read();
    const items = takeNew(listing, state.seen);
    if (items.length) {
      const key = `workspace-link|${++links}`;
      startJob(
        {
          key,
          slot: 'workspace-link',
          title: `Opening ${items.length} item${items.length === 1 ? '' : 's'} from ${url.pathname}`,
        },
        loadItems(items, state),
      );
      const job = await finished(key);
      if (job.status === 'failed') throw new Error(job.error ?? 'failed');
    }
    return listing.watch;
  };
  let watch: boolean;
  try {
    watch = await sync();
  } catch (e) {
    useAppStore.getState().setDataError(`Could not open ${url.pathname}: ${(e as Error).message}`);
    return;
  }
  if (!watch) return;
  let failures = 0;
  const poll = () =>
    sync().then(
      () => {
        failures = 0;
        setTimeout(poll, POLL_MS);
      },
      (e: Error) => {
        // the server stopped (Ctrl-C) or a load failed: said once, then polled more slowly
        if (++failures === 1)
          useAppStore.getState().setDataError(`Watching ${url.pathname}: ${e.message}`);
        setTimeout(poll, POLL_MS * Math.min(failures, 10));
      },
    );
  setTimeout(poll, POLL_MS);
}
