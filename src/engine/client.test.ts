import { describe, expect, it } from 'vitest';
import { readHooks } from './client';

describe('readHooks', () => {
  it('reads the test hooks from the query string', () => {
    expect(readHooks('')).toEqual({ forceWebgpuFailure: null, testHooks: false });
    expect(readHooks('?forceWebgpuFailure=1&testHooks=1')).toEqual({
      forceWebgpuFailure: 'init',
      testHooks: true,
    });
    expect(readHooks('?forceWebgpuFailure=run').forceWebgpuFailure).toBe('run');
    expect(readHooks('?forceWebgpuFailure=0').forceWebgpuFailure).toBeNull();
  });
});
