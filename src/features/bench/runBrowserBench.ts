/**
 * Runs the model benchmark in this browser: every model × (WASM at each thread count, WebGPU,
 * WebNN) × batch size, each runtime in its own worker (ORT fixes its WASM thread pool per worker,
 * and a fresh worker's heap size is that runtime's own peak). Used by the Bench view and by
 * bench/models.html, which bench/run.bench.mjs drives.
 */
import { LazyWorker } from '../../lib/lazyWorker';
import { adapterLabel } from '../../engine/backend';
import { DEFAULT_PLAN, type BenchPlan, type ModelBenchResult } from '../../engine/benchCore';
import type { BenchApi } from '../../engine/bench.worker';
import type { Backend, BackendAvailability } from '../../engine/types';
import type { RuntimeResult } from './benchTable';

export interface BenchModel {
  id: string;
  url: string;
  k: number;
  dim: number;
}

export interface BrowserBenchOptions {
  models: BenchModel[];
  plan?: Partial<BenchPlan>;
  /** WASM thread counts to measure; default 1 and all cores */
  threads?: number[];
  /** backends besides WASM to try (each reported "unavailable" when this browser lacks it) */
  accelerators?: Exclude<Backend, 'wasm'>[];
  signal?: AbortSignal;
  onProgress?: (fraction: number, label: string) => void;
}

export interface BrowserEnvironment {
  userAgent: string;
  cores: number;
  crossOriginIsolated: boolean;
  ortVersion: string;
  webgpu: string;
  webnn: string;
}

export interface BrowserBenchReport {
  environment: BrowserEnvironment;
  results: RuntimeResult[];
}

const SOFTWARE_PLAN = { warmupRuns: 1, warmupMs: 0, minRuns: 2, budgetMs: 0 };

const WASM_MEMORY = 'peak WebAssembly memory of the worker (ORT heap; GPU buffers not included)';

/** A cold bench worker; `ready(threads)` configures ORT there and says what the browser offers. */
function startWorker() {
  return new LazyWorker<BenchApi, Awaited<ReturnType<BenchApi['init']>>, [number]>({
    create: () =>
      new Worker(new URL('../../engine/bench.worker.ts', import.meta.url), {
        type: 'module',
        name: 'lvm-bench',
      }),
    init: (remote, threads) => remote.init(threads),
    name: 'benchmark',
  });
}

function describe(avail: BackendAvailability, b: Exclude<Backend, 'wasm'>): string {
  if (b === 'webnn')
    return avail.webnn.available ? 'navigator.ml' : (avail.webnn.reason ?? 'missing');
  const a = avail.webgpu;
  return a.available && a.adapter ? adapterLabel(a.adapter) : (a.reason ?? 'no adapter');
}

/** The thread counts measured by default: 1 and every core (the engine itself uses up to 4). */
export function defaultThreads(cores: number): number[] {
  return cores > 1 ? [1, cores] : [1];
}

export async function runBrowserBench(opts: BrowserBenchOptions): Promise<BrowserBenchReport> {
  const plan: BenchPlan = { ...DEFAULT_PLAN, ...opts.plan };
  const cores = navigator.hardwareConcurrency || 1;
  const isolated = self.crossOriginIsolated;
  // Without isolation there is no SharedArrayBuffer, so ORT runs one thread whatever is asked.
  const threads = (opts.threads ?? defaultThreads(cores)).filter((t) => isolated || t === 1);
  const accelerators = opts.accelerators ?? ['webgpu', 'webnn'];
  const bytes = new Map<string, ArrayBuffer>();
  for (const m of opts.models) {
    const res = await fetch(m.url);
    if (!res.ok) throw new Error(`Could not fetch ${m.url}: HTTP ${res.status}`);
    bytes.set(m.id, await res.arrayBuffer());
  }

  type Job = { id: string; label: string; backend: Backend; threads: number };
  const jobs: Job[] = threads.map((t) => ({
    id: `wasm-${t}`,
    label: `ORT-web WASM ${t} thread${t === 1 ? '' : 's'}`,
    backend: 'wasm',
    threads: t,
  }));
  const maxThreads = Math.max(...threads);
  for (const b of accelerators)
    jobs.push({
      id: b,
      label: b === 'webgpu' ? 'ORT-web WebGPU' : 'ORT-web WebNN',
      backend: b,
      threads: maxThreads,
    });

  const environment: BrowserEnvironment = {
    userAgent: navigator.userAgent,
    cores,
    crossOriginIsolated: isolated,
    ortVersion: '',
    webgpu: '',
    webnn: '',
  };
  const results: RuntimeResult[] = [];
  const steps = jobs.length * opts.models.length * plan.batches.length;
  let step = 0;
  for (const job of jobs) {
    const worker = startWorker();
    try {
      const { availability, ortVersion } = await worker.ready(job.threads);
      const remote = worker.remote;
      environment.ortVersion = ortVersion;
      environment.webgpu = describe(availability, 'webgpu');
      environment.webnn = describe(availability, 'webnn');
      const result: RuntimeResult = { id: job.id, label: job.label, status: 'ok', models: {} };
      results.push(result);
      if (job.backend !== 'wasm') {
        const avail = availability[job.backend];
        const note = describe(availability, job.backend);
        if (!avail.available) {
          Object.assign(result, { status: 'unavailable', note });
          step += opts.models.length * plan.batches.length;
          continue;
        }
        const software = job.backend === 'webgpu' && availability.webgpu.adapter?.software;
        result.label += software ? ' (software adapter)' : '';
        result.note = software
          ? `${note}: a CPU emulation of a GPU; its times say nothing about GPUs`
          : note;
      }
      // SwiftShader takes seconds per batch: time a few small batches, enough to show that.
      const jobPlan: BenchPlan =
        job.backend === 'webgpu' && availability.webgpu.adapter?.software
          ? { ...plan, ...SOFTWARE_PLAN, batches: plan.batches.filter((b) => b <= 8) }
          : plan;
      let failures = 0;
      for (const m of opts.models) {
        const before = step;
        opts.onProgress?.(step / steps, `${job.label} · ${m.id}`);
        try {
          const r: ModelBenchResult = await remote.run(
            bytes.get(m.id)!.slice(0),
            job.backend,
            { k: m.k, d: m.dim },
            jobPlan,
            {
              signal: opts.signal,
              onProgress: (done) => {
                step = before + done;
                opts.onProgress?.(step / steps, `${job.label} · ${m.id} · batch ${done}`);
              },
            },
          );
          result.models[m.id] = r;
        } catch (e) {
          if ((e as Error).name === 'AbortError') throw e;
          failures++;
          result.models[m.id] = { error: (e as Error).message.split('\n')[0] };
        }
        step = before + plan.batches.length;
      }
      if (failures === opts.models.length) result.status = 'failed';
      const heap = await remote.wasmMemoryBytes();
      if (heap !== null) result.memory = { bytes: heap, what: WASM_MEMORY };
    } finally {
      worker.terminate();
    }
  }
  opts.onProgress?.(1, 'done');
  return { environment, results };
}
