/** Shared types of the inference engine, used on both sides of the worker boundary. */

export type Backend = 'wasm' | 'webgpu' | 'webnn';
export type BackendPreference = 'auto' | Backend;
/** batch-1 interactive calls and bulk evaluation may run on different backends. */
export type Workload = 'interactive' | 'bulk';

export interface TensorInfo {
  name: string;
  /** null for a dynamic (symbolic) dimension */
  shape: (number | null)[];
  type: string;
}

/** What an ONNX file offers, read from the file itself. */
export interface ModelSignature {
  input: TensorInfo;
  /** context length and vector dimension; null when dynamic */
  k: number | null;
  dim: number | null;
  prediction: TensorInfo;
  attention?: TensorInfo;
  outputs: TensorInfo[];
}

export interface ModelInfo {
  id: string;
  name: string;
  architecture: string;
  params: number | null;
  bytes: number;
  /** 'bundle': results read from a results bundle (predictors/resultsBundleOpen.ts, resultsBundleRegistry.ts); nothing runs */
  source: 'shipped' | 'user' | 'bundle';
  signature: ModelSignature;
  /** backend that ran the latest call (or was chosen at load); 'bundle' for bundle results */
  backend: Backend | 'bundle';
  /** a results bundle's model: the dataset its results belong to */
  results?: { datasetId: string; datasetName: string };
  /** unique per load (`${id}#${n}`): results computed with this model key on it */
  loadId: string;
  /** wall time of the load, in ms */
  loadMs: number;
  /** set when the engine had to fall back, e.g. "WebGPU device lost; reran on WASM" */
  notice?: string;
  /** backend picked per workload (warm-up + preference) */
  backends?: Record<Workload, Backend>;
  /** backends this model can run on (WebGPU/WebNN drop out when their session fails) */
  usable?: Backend[];
  /** warm-up timings measured at load, per backend */
  warmup?: Partial<Record<Backend, WarmupTiming>>;
}

/** Milliseconds measured at load: one batch-1 call, and one item of a bulk batch. */
export interface WarmupTiming {
  interactiveMs: number;
  bulkMsPerItem: number;
  bulkBatch: number;
}

/** What a WebGPU adapter says about itself; `software` marks SwiftShader-like CPU emulation. */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  software: boolean;
}

/** Which backends this browser offers, probed once per worker. */
export interface BackendAvailability {
  wasm: { available: true; threads: number; crossOriginIsolated: boolean };
  webgpu: { available: boolean; adapter?: AdapterSummary; reason?: string };
  webnn: { available: boolean; reason?: string };
}

/** What the UI hands the engine to load a model. */
export interface ModelSpec {
  id: string;
  name: string;
  architecture?: string;
  params?: number | null;
  source: 'shipped' | 'user';
  bytes: ArrayBuffer;
}

export interface PredictOptions {
  workload?: Workload;
  /** run on this backend instead of the chosen one (tests, benchmarks); falls back like any call */
  backend?: Backend;
  /** context length, needed only when both K and D are dynamic in the model */
  k?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface PredictResult {
  /** [n, dim] */
  prediction: Float32Array;
  /** attention output flattened, with its shape ([n, K] or [n, H, K] ...) */
  attention?: Float32Array;
  attentionShape?: number[];
  n: number;
  dim: number;
  backend: Backend;
  /** wall time of the whole call, measured in the worker */
  wallMs: number;
  notice?: string;
}

/**
 * Test hook: `?forceWebgpuFailure=1` (or `init`) makes every WebGPU session creation throw;
 * `?forceWebgpuFailure=run` lets models load and warm up on WebGPU, then makes every predict run
 * there throw, as a device lost mid-run would.
 */
export type ForcedFailure = 'init' | 'run' | null;

export interface EngineOptions {
  forceWebgpuFailure?: ForcedFailure;
}

/** Options that cross the worker boundary with a predict call (no callbacks, no signals). */
export interface WirePredictOptions {
  workload?: Workload;
  backend?: Backend;
  k?: number;
  /** the user's preference, owned by the client (engine/client.ts); 'auto' when none is passed */
  preference?: BackendPreference;
}
