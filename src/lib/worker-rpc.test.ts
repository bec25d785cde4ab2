import { describe, expect, it } from 'vitest';
import {
  assertAttached,
  callOptions,
  CancelledError,
  expose,
  isDetached,
  transfer,
  wrap,
  type CallContext,
} from './worker-rpc';

/** Two ends of a MessageChannel stand in for the page and the worker. */
function connect<T extends Record<string, (...args: never[]) => unknown>>(api: T) {
  const { port1, port2 } = new MessageChannel();
  port1.start();
  port2.start();
  expose(api as never, port2 as never);
  return { remote: wrap<T>(port1 as never), close: () => (port1.close(), port2.close()) };
}

describe('worker rpc', () => {
  it('returns results, reports progress, and copies arguments unless the caller gives them away', async () => {
    const { remote, close } = connect({
      async double(values: Float32Array, ctx: CallContext) {
        ctx.progress(1, 2);
        return values.map((v) => v * 2);
      },
    });
    const input = new Float32Array([1, 2, 3]);
    const seen: number[] = [];
    const out = await remote.double(input, { onProgress: (d) => seen.push(d) });
    expect(Array.from(out)).toEqual([2, 4, 6]);
    expect(seen).toEqual([1]);
    expect(Array.from(input)).toEqual([1, 2, 3]); // still the caller's: copied, not transferred
    const given = new Float32Array([4, 5]);
    expect(Array.from(await remote.double(given, { transfer: [given.buffer] }))).toEqual([8, 10]);
    expect(given.byteLength).toBe(0); // listed in `transfer`: moved to the worker
    close();
  });

  it('transfers a result only when the worker marks it as given away', async () => {
    const kept = new Float32Array([1, 2]);
    const { remote, close } = connect({
      async cached() {
        return { values: kept };
      },
      async fresh() {
        const values = new Float32Array([3]);
        return transfer({ values }, [values.buffer]);
      },
    });
    expect(Array.from((await remote.cached()).values)).toEqual([1, 2]);
    expect(Array.from((await remote.cached()).values)).toEqual([1, 2]);
    expect(kept.byteLength).toBe(8); // the worker's cache survives being returned twice
    expect(Array.from((await remote.fresh()).values)).toEqual([3]);
    close();
  });

  it('names the owner of a detached buffer instead of failing to clone it', async () => {
    const { remote, close } = connect({
      async sum(values: Float32Array) {
        return values.reduce((a, b) => a + b, 0);
      },
    });
    const bank = { rows: new Float32Array([1, 2]) };
    await remote.sum(bank.rows, { transfer: [bank.rows.buffer] });
    expect(isDetached(bank.rows.buffer)).toBe(true);
    await expect(remote.sum(bank.rows)).rejects.toMatchObject({
      name: 'DetachedBufferError',
      message: expect.stringMatching(/the caller of "sum": arguments\.0 is a detached buffer/),
    });
    expect(() => assertAttached({ bank }, 'the bank cache')).toThrow(
      /the bank cache: value\.bank\.rows is a detached buffer/,
    );
    expect(isDetached(new ArrayBuffer(0))).toBe(false);
    close();
  });

  it('carries error name, message and detail across', async () => {
    const { remote, close } = connect({
      async fail() {
        throw Object.assign(new Error('bad dim'), { name: 'ShapeError', detail: { found: 100 } });
      },
    });
    await expect(remote.fail()).rejects.toMatchObject({
      name: 'ShapeError',
      message: 'bad dim',
      detail: { found: 100 },
    });
    close();
  });

  it('lets a long call see cancellation', async () => {
    const { remote, close } = connect({
      async spin(ctx: CallContext) {
        for (let i = 0; i < 1000; i++) {
          if (ctx.cancelled) throw new CancelledError();
          await new Promise((r) => setTimeout(r, 2));
        }
        return 'finished';
      },
    });
    const controller = new AbortController();
    const call = remote.spin({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    close();
  });

  it('empty call options still reach the worker as options, not as an argument', async () => {
    const { remote, close } = connect({
      async argCount(key: string, ...rest: unknown[]) {
        // expose() always appends the call context, so one argument plus it means 2
        return [key, rest.length];
      },
    });
    // the retrieval search used to pass `{}` straight through: the worker saw it as an argument
    expect(await remote.argCount('a', callOptions({}) as never)).toEqual(['a', 1]);
    expect(await remote.argCount('a', callOptions() as never)).toEqual(['a', 1]);
    close();
  });

  it('serves a class instance with its methods bound to it', async () => {
    class Counter {
      private count = 0;
      async add(n: number): Promise<number> {
        this.count += n;
        return this.count;
      }
    }
    const { port1, port2 } = new MessageChannel();
    port1.start();
    port2.start();
    expose(new Counter(), port2 as never);
    const remote = wrap<Counter>(port1 as never);
    await remote.add(2);
    expect(await remote.add(3)).toBe(5);
    port1.close();
    port2.close();
  });
});
