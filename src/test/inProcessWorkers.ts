/**
 * Component tests run the app's real workers in the test's own thread: `Worker` becomes a
 * MessageChannel whose far end serves the real worker API through worker-rpc's `expose` (the
 * engine on onnxruntime-web's WASM build, the retrieval kernel, UMAP, the parsers, the sentence encoder), and `fetch`
 * serves `public/` as the dev server would. Only the thread and the HTTP server are stand-ins.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expose, isDetached } from '../lib/worker-rpc';
import { getOrt } from '../engine/ort';

const PUBLIC = resolve(__dirname, '../../public');

/** The API each worker script serves, by file name. */
const apis: Record<string, () => Promise<object>> = {
  'engine.worker.ts': async () => new (await import('../engine/api')).Engine(getOrt, undefined),
  'retrieval.worker.ts': async () => (await import('../engine/retrieval.worker')).api,
  'projection.worker.ts': async () => (await import('../projection/projection.worker')).api,
  'parse.worker.ts': async () => (await import('../data/parse.worker')).parseApi,
  'encoder.worker.ts': async () => (await import('../engine/encoder.worker')).api,
};

type Listener = (ev: { data: unknown }) => void;

/**
 * A structured clone made in this realm. The built-in clones (jsdom's structuredClone, Node's v8
 * serializer) return typed arrays of another realm, which onnxruntime-web refuses. The data is
 * copied; a transfer list then detaches the sender's buffers as a browser does (End.postMessage).
 */
function cloneMessage(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object ArrayBuffer]') {
    if (isDetached(value as ArrayBuffer))
      throw new DOMException(
        'An ArrayBuffer is detached and could not be cloned.',
        'DataCloneError',
      );
    return (value as ArrayBuffer).slice(0);
  }
  if (ArrayBuffer.isView(value)) {
    const v = value as unknown as {
      constructor: { name: string };
      buffer: ArrayBuffer;
      byteOffset: number;
      byteLength: number;
    };
    const Ctor = (globalThis as unknown as Record<string, new (b: ArrayBuffer) => unknown>)[
      v.constructor.name
    ];
    if (isDetached(v.buffer))
      throw new DOMException(
        'An ArrayBuffer is detached and could not be cloned.',
        'DataCloneError',
      );
    return new Ctor(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  }
  if (Array.isArray(value)) return value.map(cloneMessage);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, cloneMessage(v)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneMessage(v);
  return out;
}

/** One end of a message channel: messages are cloned and arrive in a later task. */
class End {
  other!: End;
  private readonly listeners = new Set<Listener>();
  /** messages held until the worker's API is ready */
  private held: unknown[] | null = null;

  addEventListener(_type: 'message', l: Listener): void {
    this.listeners.add(l);
  }

  removeEventListener(_type: 'message', l: Listener): void {
    this.listeners.delete(l);
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    const data = cloneMessage(message);
    // A transferred buffer is gone on the sending side, so a later use of it fails as in a browser.
    for (const t of transfer)
      if (Object.prototype.toString.call(t) === '[object ArrayBuffer]')
        structuredClone(t, { transfer: [t as ArrayBuffer] });
    setTimeout(() => this.other.deliver(data), 0);
  }

  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const data of held) this.deliver(data);
  }

  private deliver(data: unknown): void {
    if (this.held) this.held.push(data);
    else for (const l of this.listeners) l({ data });
  }
}

/** Stands in for `Worker`: the far end serves the real worker API in this thread. */
class InProcessWorker {
  private readonly ui = new End();

  constructor(url: string | URL) {
    const name = String(url).split('/').pop()!.split('?')[0];
    const make = apis[name];
    if (!make) throw new Error(`no in-process API for worker ${name}`);
    const worker = new End();
    this.ui.other = worker;
    worker.other = this.ui;
    worker.hold();
    void make().then((api) => {
      expose(api, worker as never);
      worker.release();
    });
  }

  addEventListener(type: string, l: Listener): void {
    if (type === 'message') this.ui.addEventListener('message', l);
  }

  removeEventListener(type: string, l: Listener): void {
    if (type === 'message') this.ui.removeEventListener('message', l);
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.ui.postMessage(message, transfer);
  }

  terminate(): void {}
}

/** Serves `public/` for same-origin URLs; anything else is refused, as the app allows no network. */
async function publicFetch(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost/');
  if (url.hostname !== 'localhost') throw new TypeError(`no network in tests: ${url.href}`);
  try {
    const body = await readFile(resolve(PUBLIC, `.${decodeURIComponent(url.pathname)}`));
    return new Response(body, { headers: { 'content-length': String(body.byteLength) } });
  } catch {
    return new Response('not found', { status: 404, statusText: 'Not Found' });
  }
}

/** Installs the in-process `Worker` and the `public/` fetch on the global object. */
export function installInProcessWorkers(): void {
  // onnxruntime-web's Emscripten glue assigns Node's worker_threads Worker to the global when it
  // starts (for pthreads, unused with one thread); that must not replace the page's Worker.
  Object.defineProperty(globalThis, 'Worker', {
    get: () => InProcessWorker,
    set: () => undefined,
    configurable: true,
  });
  // Every worker global has it; jsdom's window does not (a page without COOP/COEP: false).
  if (!('crossOriginIsolated' in globalThis)) {
    Object.defineProperty(globalThis, 'crossOriginIsolated', { value: false, configurable: true });
  }
  globalThis.fetch = publicFetch as typeof fetch;
}
