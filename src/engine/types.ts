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
  source: 'shipped' | 'user';
  signature: ModelSignature;
  /** backend that ran the latest call (or was chosen at load) */
  backend: Backend;
  loadMs: number;
  /** set when the engine had to fall back, e.g. "WebGPU device lost; reran on WASM" */
  notice?: string;
}

export interface PredictOptions {
  workload?: Workload;
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
