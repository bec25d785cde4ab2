import { afterEach, describe, expect, it } from 'vitest';
import { cancelJob, getJob, listJobs, resetJobs, startJob, KEPT_PER_SLOT } from './runner';

const spec = (key: string, slot = 'test') => ({ key, slot, title: key });

/** A job body the test finishes by hand. */
function deferred<R>() {
  let resolve!: (r: R) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<R>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(resetJobs);

describe('job runner', () => {
  it('starts a key once: a second start (StrictMode, another view) joins the running job', async () => {
    let runs = 0;
    const d = deferred<number>();
    const work = () => {
      runs++;
      return d.promise;
    };
    startJob(spec('a'), work);
    startJob(spec('a'), work);
    expect(runs).toBe(1);
    d.resolve(42);
    await tick();
    expect(getJob('a')?.status).toBe('done');
    expect(getJob('a')?.result).toBe(42);
    startJob(spec('a'), work);
    expect(runs).toBe(1); // done results are reused
    startJob(spec('a'), () => Promise.resolve(43), { force: true });
    await tick();
    expect(getJob('a')?.result).toBe(43);
  });

  it('reports progress and lets cancel keep the previous result', async () => {
    startJob(spec('a'), () => Promise.resolve('first'));
    await tick();
    let signal: AbortSignal | undefined;
    startJob(
      spec('a'),
      async (ctx) => {
        signal = ctx.signal;
        ctx.report(0.5, 'half');
        await new Promise((_, rej) =>
          ctx.signal.addEventListener('abort', () =>
            rej(Object.assign(new Error('x'), { name: 'AbortError' })),
          ),
        );
        return 'second';
      },
      { force: true },
    );
    expect(getJob('a')?.progress).toEqual({ fraction: 0.5, label: 'half' });
    expect(getJob('a')?.result).toBe('first');
    cancelJob('a');
    expect(signal?.aborted).toBe(true);
    await tick();
    expect(getJob('a')?.status).toBe('cancelled');
    expect(getJob('a')?.result).toBe('first');
    expect(getJob('a')?.progress).toBeNull();
  });

  it('keeps the previous result and the message when a re-run fails', async () => {
    startJob(spec('a'), () => Promise.resolve(1));
    await tick();
    startJob(spec('a'), () => Promise.reject(new Error('boom')), { force: true });
    await tick();
    expect(getJob('a')).toMatchObject({ status: 'failed', error: 'boom', result: 1 });
  });

  it('publishes partial results, dropped again when the run is cancelled', async () => {
    const d = deferred<string>();
    startJob(spec('a'), async (ctx) => {
      ctx.partial('metrics only');
      return d.promise;
    });
    expect(getJob('a')).toMatchObject({ result: 'metrics only', partial: true });
    cancelJob('a');
    expect(getJob('a')?.result).toBeUndefined();
  });

  it('supersedes running jobs of the same slot on request', async () => {
    const d = deferred<number>();
    startJob(spec('a'), () => d.promise);
    startJob(spec('b'), () => Promise.resolve(2), { supersede: true });
    expect(getJob('a')?.status).toBe('cancelled');
    d.resolve(1); // a late answer from the cancelled job changes nothing
    await tick();
    expect(getJob('a')?.status).toBe('cancelled');
    expect(getJob('b')?.result).toBe(2);
  });

  it(`keeps at most ${KEPT_PER_SLOT} finished jobs per slot`, async () => {
    for (let i = 0; i < KEPT_PER_SLOT + 2; i++) {
      startJob(spec(`k${i}`), () => Promise.resolve(i));
      await tick();
    }
    startJob(spec('other', 'other'), () => Promise.resolve(0));
    await tick();
    expect(listJobs().filter((j) => j.slot === 'test')).toHaveLength(KEPT_PER_SLOT);
    expect(getJob('k0')).toBeUndefined();
    expect(getJob(`k${KEPT_PER_SLOT + 1}`)?.result).toBe(KEPT_PER_SLOT + 1);
    expect(getJob('other')).toBeDefined();
  });
});
