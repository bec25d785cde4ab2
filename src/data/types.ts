/** Data shapes shared by the loaders, the store and every view. Large arrays never enter the store. */
import type { NdArray } from './ndarray';

export interface ArticleInfo {
  id: number;
  title: string;
  topic: string;
}

/**
 * A loaded dataset. Either an ordered stream of sentence vectors (from which windows of any K are
 * cut, never across article boundaries), or explicit windows (contexts + targets).
 */
export interface Dataset {
  id: string;
  name: string;
  /** file name(s) or "shipped demo" */
  origin: string;
  dim: number;
  /** ordered stream [count, dim]; absent for window-only datasets */
  stream?: {
    vectors: Float32Array;
    count: number;
    texts?: string[];
    articleIds?: Int32Array;
    /** per-row ids given by the user (JSON `id`) */
    ids?: string[];
    /** row of each vector in the file when rows were dropped; windows never span a dropped row */
    sourceRows?: Int32Array;
  };
  /** explicit windows; absent for stream datasets */
  windows?: { contexts: Float32Array; targets: Float32Array; count: number; k: number };
  /** retrieval bank [count, dim]; by default the stream, else the targets */
  bank: {
    vectors: Float32Array;
    count: number;
    texts?: string[];
    /** [count, dim] float16 bits when the file stored the bank as `<f2`; `vectors` is then widened only when read (data/halfBankStorage.ts) */
    half?: Uint16Array;
  };
  articles?: ArticleInfo[];
  /** what the load dropped or ignored ("dropped 2 rows holding NaN/Inf ..."), shown beside the dataset */
  warnings?: string[];
}

/** Windows cut for one K: contexts [n, k, dim], targets [n, dim], plus where they sit in the bank. */
export interface WindowSet {
  k: number;
  dim: number;
  n: number;
  contexts: Float32Array;
  targets: Float32Array;
  /** bank index of each target, -1 when the target is not in the bank */
  targetIndex: Int32Array;
  /** [n, k] bank row holding each context vector (for a windows file: found by value); -1 = not in the bank */
  contextIndex: Int32Array;
}

/** Everything read from the files of one load, before it is interpreted. */
export interface Bundle {
  files: string[];
  /** arrays by key (npz entry, safetensors tensor, .npy file stem, JSON key) */
  tensors: Record<string, NdArray & { file: string }>;
  texts?: { values: string[]; file: string };
  ids?: string[];
  /** what reading the files skipped, passed on as the dataset's warnings */
  notes?: string[];
}

/** Which array plays which role; the UI's mapping dialog fills this in. */
export interface KeyMapping {
  contexts?: string;
  targets?: string;
  vectors?: string;
  articleIds?: string;
  bank?: string;
}
