import { afterEach, describe, expect, it } from 'vitest';
import { LazyWorker } from './lazyWorker';
import { expose } from './worker-rpc';

interface Api {
  init(fail: boolean): Promise<string>;
  echo(x: number): Promise<number>;
}

/** Fake workers: a MessagePort pair serving `Api`, with terminate() recorded. */
function factory() {
  const started: { port: MessagePort; terminated: boolean }[] = [];
  const ports: MessagePort[] = [];
  const create = () => {
    const { port1, port2 } = new MessageChannel();
    port1.start();
    port2.start();
    ports.push(port1, port2);
    expose(
      {
        init: async (fail: boolean) => {
          if (fail) throw new Error('no model');
          return 'ok';
        },
        echo: async (x: number) => x,
      },
      port2 as never,
    );
    const entry = { port: port1, terminated: false };
    started.push(entry);
    return Object.assign(port1, { terminate: () => (entry.terminated = true) }) as never as Worker;
  };
  return { create, started, close: () => ports.forEach((p) => p.close()) };
}

let close = () => undefined as void;
afterEach(() => close());

describe('LazyWorker', () => {
  it('starts one worker on first use and runs its init once', async () => {
    const f = factory();
    close = f.close;
    let inits = 0;
    const w = new LazyWorker<Api, string, [boolean]>({
      create: f.create,
      init: (remote, fail) => (inits++, remote.init(fail)),
    });
    expect(f.started).toHaveLength(0);
    expect(await Promise.all([w.ready(false), w.ready(false)])).toEqual(['ok', 'ok']);
    expect(await w.remote.echo(3)).toBe(3);
    expect(f.started).toHaveLength(1);
    expect(inits).toBe(1);
  });

  it('a failed init terminates and forgets the worker, so the next call retries', async () => {
    const f = factory();
    close = f.close;
    const w = new LazyWorker<Api, string, [boolean]>({
      create: f.create,
      init: (remote, fail) => remote.init(fail),
    });
    await expect(w.ready(true)).rejects.toThrow('no model');
    expect(f.started[0].terminated).toBe(true);
    expect(await w.ready(false)).toBe('ok');
    expect(f.started).toHaveLength(2);
    expect(f.started[1].terminated).toBe(false);
  });

  it('a worker whose script fails to load rejects ready() instead of hanging', async () => {
    const f = factory();
    close = f.close;
    const w = new LazyWorker<Api, string>({
      create: f.create,
      init: () => new Promise(() => undefined), // the worker never answers
      name: 'test',
    });
    const ready = w.ready();
    f.started[0].port.dispatchEvent(Object.assign(new Event('error'), { message: 'bad script' }));
    await expect(ready).rejects.toThrow('The test worker failed to start: bad script');
    expect(f.started[0].terminated).toBe(true);
  });

  it('terminate() makes the next use start a fresh worker', async () => {
    const f = factory();
    close = f.close;
    const w = new LazyWorker<Api>({ create: f.create });
    expect(await w.remote.echo(1)).toBe(1);
    w.terminate();
    expect(f.started[0].terminated).toBe(true);
    expect(await w.remote.echo(2)).toBe(2);
    expect(f.started).toHaveLength(2);
  });
});
