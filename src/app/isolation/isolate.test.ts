import { afterEach, describe, expect, it, vi } from 'vitest';
import { isolate, type IsolationEnv } from './isolate';

/** A service-worker container whose registration resolves, fails, or takes the page over. */
function env(opts: {
  isolated?: boolean;
  secure?: boolean;
  controller?: boolean;
  register?: 'takes-over' | 'never-takes-over' | 'fails';
  noServiceWorker?: boolean;
}) {
  let onChange: (() => void) | undefined;
  const registered: string[] = [];
  const reload = vi.fn();
  const e: IsolationEnv = {
    crossOriginIsolated: !!opts.isolated,
    isSecureContext: opts.secure ?? true,
    baseURI: 'http://127.0.0.1:8000/app/',
    reload,
    serviceWorker: opts.noServiceWorker
      ? undefined
      : ({
          controller: opts.controller ? ({} as ServiceWorker) : null,
          addEventListener: (_: string, l: () => void) => void (onChange = l),
          register: async (url: string) => {
            registered.push(url);
            if (opts.register === 'fails') throw new Error('404');
            if (opts.register === 'takes-over') setTimeout(() => onChange?.(), 10);
            return {} as ServiceWorkerRegistration;
          },
        } as unknown as IsolationEnv['serviceWorker']),
  };
  return { e, registered, reload };
}

afterEach(() => vi.useRealTimers());

describe('isolate', () => {
  it.each([
    ['already isolated', { isolated: true }],
    ['not a secure context', { secure: false }],
    ['no service workers', { noServiceWorker: true }],
    ['controlled yet not isolated (no reload loop)', { controller: true }],
  ])('renders at once when %s', async (_, opts) => {
    const { e, registered, reload } = env(opts);
    expect(await isolate(e)).toBe('go');
    expect(registered).toEqual([]);
    expect(reload).not.toHaveBeenCalled();
  });

  it('registers coi-sw.js beside the page and reloads once it takes over', async () => {
    const { e, registered, reload } = env({ register: 'takes-over' });
    expect(await isolate(e)).toBe('reloading');
    expect(registered).toEqual(['http://127.0.0.1:8000/app/coi-sw.js']);
    expect(reload).toHaveBeenCalledOnce();
  });

  it('starts without it when registration fails or it never takes over', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failed = env({ register: 'fails' });
    expect(await isolate(failed.e)).toBe('go');
    vi.useFakeTimers();
    const slow = env({ register: 'never-takes-over' });
    const result = isolate(slow.e);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await result).toBe('go');
    expect(slow.reload).not.toHaveBeenCalled();
  });
});
