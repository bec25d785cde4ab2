/**
 * One typed request/response layer for every worker. A worker exposes an object of async methods;
 * the UI gets a proxy whose methods return promises. Arguments and results are copied (structured
 * clone) unless their sender gives buffers away: a caller lists them in `transfer`, a worker wraps its
 * result in `transfer(value, buffers)`. A buffer has one owner (docs/STYLE habit 13): a transfer
 * detaches it on the sending side, so only a buffer nobody there reads again may be given away.
 * Progress flows back through an optional callback, cancellation through an AbortSignal. Errors
 * cross the boundary as {name, message, detail}.
 */

export interface RpcError {
  name: string;
  message: string;
  detail?: unknown;
}

/** Context handed to every worker method as its last argument. */
export interface CallContext {
  progress: (done: number, total: number) => void;
  /** true once the caller aborted; long loops should check it and throw `cancelled()` */
  readonly cancelled: boolean;
}

export interface CallOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** buffers in the arguments that the caller gives away (detached here once sent); default none */
  transfer?: ArrayBuffer[];
}

/**
 * `opts` in a form the proxy always takes as call options: it tells options from arguments by
 * their keys, so an empty `{}` would otherwise travel to the worker as one more argument.
 */
export function callOptions(opts: CallOptions = {}): CallOptions {
  return { onProgress: opts.onProgress, signal: opts.signal, transfer: opts.transfer };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;
/** The UI-side view of a worker API: same methods, plus CallOptions, returning promises. */
export type Remote<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: [...DropContext<A>, CallOptions?]) => Promise<Awaited<R>>
    : never;
};
type DropContext<A extends unknown[]> = A extends [...infer Head, CallContext] ? Head : A;

type Request =
  { kind: 'call'; id: number; method: string; args: unknown[] } | { kind: 'cancel'; id: number };
type Response =
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: RpcError }
  | { kind: 'progress'; id: number; done: number; total: number };

/** Error thrown when a call was cancelled; `name` is 'AbortError' on both sides. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'AbortError';
  }
}

/** An Error with a stable name and optional structured detail that survives the worker boundary. */
export class DetailedError extends Error {
  constructor(
    name: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = name;
  }
}

export function toRpcError(e: unknown): RpcError {
  if (e instanceof Error) {
    const detail = (e as { detail?: unknown }).detail;
    return {
      name: e.name || 'Error',
      message: e.message,
      ...(detail === undefined ? {} : { detail }),
    };
  }
  return { name: 'Error', message: typeof e === 'string' ? e : JSON.stringify(e) };
}

export function fromRpcError(e: RpcError): Error {
  return new DetailedError(e.name, e.message, e.detail);
}

const givenAway = new WeakMap<object, ArrayBuffer[]>();

/**
 * Marks a worker method's result: `buffers` (made by this call, kept by nobody in the worker) are
 * transferred to the caller instead of copied. Anything not marked is copied.
 */
export function transfer<T extends object>(value: T, buffers: ArrayBuffer[]): T {
  givenAway.set(value, buffers);
  return value;
}

/** Every ArrayBuffer inside a value (typed arrays' buffers, plain buffers), each once. */
export function buffersIn(value: unknown, out = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [...out];
  if (value instanceof ArrayBuffer) out.add(value);
  else if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (Array.isArray(value)) value.forEach((v) => buffersIn(v, out, depth + 1));
  else Object.values(value).forEach((v) => buffersIn(v, out, depth + 1));
  return [...out];
}

/** true for an ArrayBuffer that was transferred away (any use of it throws). */
export function isDetached(buffer: ArrayBuffer): boolean {
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * Throws a clear error naming `owner` when `value` holds a detached buffer (a typed array or an
 * ArrayBuffer, up to a few levels deep), instead of the browser's "could not be cloned".
 */
export function assertAttached(value: unknown, owner: string, path = 'value', depth = 0): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  const buffer =
    value instanceof ArrayBuffer
      ? value
      : ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer
        ? value.buffer
        : null;
  if (buffer) {
    if (isDetached(buffer))
      throw new DetailedError(
        'DetachedBufferError',
        `${owner}: ${path} is a detached buffer (it was transferred away earlier, so its data is ` +
          'gone on this side); expected a buffer this side still owns — send a copy instead',
        { owner, path },
      );
    return;
  }
  if (ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    // indexed, not entries(): an argument may be a list of a million sentences
    for (let i = 0; i < value.length; i++)
      if (value[i] !== null && typeof value[i] === 'object')
        assertAttached(value[i], owner, `${path}.${i}`, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value)) assertAttached(v, owner, `${path}.${k}`, depth + 1);
}

interface Endpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

/** Worker side: serve `api` (an object of methods, or a class instance) on `self` (or any endpoint). */
export function expose(api: object, endpoint: Endpoint = self as unknown as Endpoint): void {
  const cancelled = new Set<number>();
  endpoint.addEventListener('message', async (ev: MessageEvent<Request>) => {
    const msg = ev.data;
    if (msg.kind === 'cancel') {
      cancelled.add(msg.id);
      return;
    }
    const { id, method, args } = msg;
    const ctx: CallContext = {
      progress: (done, total) => endpoint.postMessage({ kind: 'progress', id, done, total }, []),
      get cancelled() {
        return cancelled.has(id);
      },
    };
    try {
      const fn = (api as Record<string, unknown>)[method];
      if (typeof fn !== 'function') throw new Error(`Unknown worker method "${method}"`);
      // Called on `api` so a class instance's methods keep their `this`.
      const value = await (fn as AnyFn).apply(api, [...args, ctx]);
      const buffers =
        value !== null && typeof value === 'object' ? givenAway.get(value) : undefined;
      assertAttached(value, `worker method "${method}" (its result)`);
      endpoint.postMessage({ kind: 'result', id, value } satisfies Response, buffers ?? []);
    } catch (e) {
      endpoint.postMessage({ kind: 'error', id, error: toRpcError(e) } satisfies Response, []);
    } finally {
      cancelled.delete(id);
    }
  });
}

/** UI side: a typed proxy for a worker that called `expose`. Arguments are copied unless listed in `transfer`. */
export function wrap<T>(endpoint: Endpoint): Remote<T> {
  let nextId = 1;
  const pending = new Map<
    number,
    {
      resolve: (v: unknown) => void;
      reject: (e: Error) => void;
      onProgress?: CallOptions['onProgress'];
    }
  >();
  endpoint.addEventListener('message', (ev: MessageEvent<Response>) => {
    const msg = ev.data;
    const call = pending.get(msg.id);
    if (!call) return;
    if (msg.kind === 'progress') call.onProgress?.(msg.done, msg.total);
    else {
      pending.delete(msg.id);
      if (msg.kind === 'result') call.resolve(msg.value);
      else call.reject(fromRpcError(msg.error));
    }
  });
  return new Proxy({} as Remote<T>, {
    get(_target, method: string) {
      return (...rawArgs: unknown[]) => {
        const last = rawArgs[rawArgs.length - 1];
        const isOptions =
          last !== null &&
          typeof last === 'object' &&
          !ArrayBuffer.isView(last) &&
          !(last instanceof ArrayBuffer) &&
          !Array.isArray(last) &&
          ('onProgress' in last || 'signal' in last || 'transfer' in last);
        const options = (isOptions ? last : {}) as CallOptions;
        const args = isOptions ? rawArgs.slice(0, -1) : rawArgs;
        if (options.signal?.aborted) return Promise.reject(new CancelledError());
        try {
          assertAttached(args, `the caller of "${method}"`, 'arguments');
        } catch (e) {
          return Promise.reject(e);
        }
        const id = nextId++;
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject, onProgress: options.onProgress });
          // Settle at once so the UI is free; the worker sees the flag and stops at its next check.
          options.signal?.addEventListener('abort', () => {
            if (!pending.delete(id)) return;
            endpoint.postMessage({ kind: 'cancel', id } satisfies Request, []);
            reject(new CancelledError());
          });
          endpoint.postMessage(
            { kind: 'call', id, method, args } satisfies Request,
            options.transfer ?? [],
          );
        });
      };
    },
  });
}
