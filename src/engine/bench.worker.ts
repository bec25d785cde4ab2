/**
 * Worker for the model benchmark: one per WASM thread count, because onnxruntime-web fixes its
 * thread pool when the first session is created. Sessions use the engine's own options (strict
 * placement on WebGPU/WebNN) so the figures are those of the app's calls; see benchCore.ts.
 */
import { CancelledError, expose, type CallContext } from '../lib/worker-rpc';
import { probeBackends, type NavigatorLike } from './backend';
import { benchModel, type BenchPlan, type ModelBenchResult } from './benchCore';
import { getOrt } from './ort';
import { sessionOptions } from './sessionOptions';
import type { Backend, BackendAvailability } from './types';

// ORT's threaded build creates its linear memory in JS; keeping a handle gives the heap's size,
// which only grows, so its size after the runs is the peak.
const memories: WebAssembly.Memory[] = [];
const NativeMemory = WebAssembly.Memory;
WebAssembly.Memory = new Proxy(NativeMemory, {
  construct(target, args: [WebAssembly.MemoryDescriptor]) {
    const m = new target(...args);
    memories.push(m);
    return m;
  },
});

const api = {
  /** Sets the WASM thread count (before any session) and probes the other backends. */
  async init(threads: number): Promise<{ availability: BackendAvailability; ortVersion: string }> {
    // Both builds: WASM sessions run on the plain one, WebGPU/WebNN sessions on the JSEP one.
    for (const b of ['wasm', 'webgpu'] as const) getOrt(b).env.wasm.numThreads = threads;
    const ort = getOrt();
    const availability = await probeBackends(self.navigator as unknown as NavigatorLike, {
      threads,
      crossOriginIsolated: self.crossOriginIsolated,
    });
    return { availability, ortVersion: ort.env.versions.web ?? '' };
  },
  /** Bytes of WebAssembly memory this worker created (ORT's heap), or null if none was seen. */
  async wasmMemoryBytes(): Promise<number | null> {
    return memories.length ? memories.reduce((s, m) => s + m.buffer.byteLength, 0) : null;
  },
  /** Times one model on one backend at every batch size of the plan. */
  async run(
    bytes: ArrayBuffer,
    backend: Backend,
    shape: { k: number; d: number },
    plan: BenchPlan,
    ctx: CallContext,
  ): Promise<ModelBenchResult> {
    return benchModel(
      getOrt(backend),
      new Uint8Array(bytes),
      sessionOptions(backend),
      shape,
      plan,
      {
        now: () => performance.now(),
        checkCancelled: () => {
          if (ctx.cancelled) throw new CancelledError();
        },
        onBatch: (done, total) => ctx.progress(done, total),
      },
    );
  },
};

export type BenchApi = typeof api;
expose(api);
