/**
 * UI-side client of the retrieval worker: exact top-k and target ranks over a dataset's bank.
 * The bank is sent once per key and kept in the worker.
 */
import { LazyWorker } from '../lib/lazyWorker';
import { callOptions, type CallOptions } from '../lib/worker-rpc';
import type { RetrievalApi } from './retrieval.worker';
import type { SearchRequest, SearchResult } from './retrievalKernel';
import type { Dataset } from '../data/types';
import { normalizeRows } from '../metrics/cosine';
import { halfValueGroups, valueGroups, type ValueGroups } from '../data/valueGroups';
import type { Backend } from './types';

export type { SearchRequest, SearchResult } from './retrievalKernel';

export interface BankRef {
  /** identifies the bank's content, e.g. the dataset id */
  key: string;
  /** unit rows; empty when the bank is kept as float16 (`half`) */
  vectors: Float32Array;
  /** [count, dim] float16 bits as loaded; the worker widens and normalises a chunk at a time */
  half?: Uint16Array;
  count: number;
  dim: number;
  /** rows grouped by their values as loaded, before normalisation (default: by `vectors`) */
  groups?: ValueGroups;
}

const banks = new Map<string, Promise<void>>();

function kernelUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}kernels/retrieval.onnx`, window.location.href).href;
}

function chunkKernelUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}kernels/retrieval_chunk.onnx`, window.location.href)
    .href;
}

const retrieval = new LazyWorker<RetrievalApi, Backend, [boolean]>({
  create: () => new Worker(new URL('./retrieval.worker.ts', import.meta.url), { type: 'module' }),
  init: (remote, allowGpu) => remote.init(kernelUrl(), allowGpu, chunkKernelUrl()),
  name: 'retrieval',
});

/** Start the worker and the kernel (idempotent); resolves to the backend that runs it. */
export function initRetrieval(allowGpu = true): Promise<Backend> {
  return retrieval.ready(allowGpu);
}

/** Start the worker and send `bank` ahead of the first search (so the first click does not wait). */
export async function prepareBank(bank: BankRef): Promise<void> {
  await initRetrieval();
  let sent = banks.get(bank.key);
  if (!sent) {
    // Copies: the worker owns what it is sent, while the dataset and bankRef's cache keep their
    // own arrays (a bank forgotten below is sent again from them). Only the fresh copies of the
    // rows are transferred; `groups` is cloned. Float16 bits in a SharedArrayBuffer are shared.
    if (bank.half) {
      const half = bank.half.buffer instanceof ArrayBuffer ? bank.half.slice() : bank.half;
      const transfer = half.buffer instanceof ArrayBuffer ? [half.buffer] : [];
      sent = retrieval.remote.setHalfBank(bank.key, half, bank.count, bank.dim, bank.groups!, {
        transfer,
      });
    } else {
      const rows = bank.vectors.slice();
      sent = retrieval.remote.setBank(bank.key, rows, bank.count, bank.dim, bank.groups, {
        transfer: [rows.buffer],
      });
    }
    banks.set(bank.key, sent);
    sent.catch(() => banks.delete(bank.key));
    // The worker keeps at most three banks; forget older keys so they are re-sent when needed.
    while (banks.size > 3) banks.delete(banks.keys().next().value as string);
  }
  await sent;
}

/** Exact top-k neighbours and target ranks of every query against `bank`. */
export async function searchBank(
  bank: BankRef,
  req: SearchRequest,
  opts: CallOptions = {},
): Promise<SearchResult> {
  await prepareBank(bank);
  const copy: SearchRequest = {
    ...req,
    queries: req.queries.slice(),
    targetIndex: req.targetIndex.slice(),
    contextIndex: req.contextIndex.slice(),
    ...(req.targets ? { targets: req.targets.slice() } : {}),
  };
  // the copies above are this call's own: given to the worker
  const given = [copy.queries, copy.targetIndex, copy.contextIndex, copy.targets];
  const transfer = given.flatMap((a) => (a?.buffer instanceof ArrayBuffer ? [a.buffer] : []));
  return retrieval.remote.search(bank.key, copy, callOptions({ ...opts, transfer }));
}

const bankRefs = new WeakMap<Dataset, BankRef>();
let bankSerial = 0;
/**
 * The dataset's bank, rows re-normalised (fp16 storage leaves them a hair off unit length; the
 * training pipeline scores against normalised rows too). Keyed by object identity, so a reloaded
 * dataset gets a fresh key.
 */
export function bankRef(dataset: Dataset): BankRef {
  let ref = bankRefs.get(dataset);
  if (!ref) {
    const { count, half } = dataset.bank;
    const key = `${dataset.id}#${++bankSerial}`;
    ref = half
      ? {
          key,
          vectors: new Float32Array(0),
          half,
          count,
          dim: dataset.dim,
          groups: halfValueGroups(half, count, dataset.dim),
        }
      : {
          key,
          vectors: normalizeRows(dataset.bank.vectors, count, dataset.dim),
          count,
          dim: dataset.dim,
          groups: valueGroups(dataset.bank.vectors, count, dataset.dim),
        };
    bankRefs.set(dataset, ref);
  }
  return ref;
}

/** Warm the retrieval worker and hand it the dataset's bank; failures surface on the real search. */
export function prepareRetrieval(dataset: Dataset): void {
  prepareBank(bankRef(dataset)).catch(() => undefined);
}
