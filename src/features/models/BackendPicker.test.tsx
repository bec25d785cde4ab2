// @vitest-environment jsdom
/**
 * The backend preference has one owner, the engine client: the Models view's picker shows what
 * the client holds (also when something else set it, as the e2e page hook does) and sets it there.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../engine/client';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { ModelsView } from './ModelsView';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

const picker = () => screen.getByRole('combobox', { name: /Backend/ }) as HTMLSelectElement;

describe('the backend picker', () => {
  it('shows the preference the engine client holds and sets it there', async () => {
    render(<ModelsView />);
    expect(picker().value).toBe(engine.getBackendPreference());
    await act(() => engine.setBackendPreference('wasm'));
    expect(picker().value).toBe('wasm');
    fireEvent.change(picker(), { target: { value: 'auto' } });
    expect(engine.getBackendPreference()).toBe('auto');
    expect(picker().value).toBe('auto');
  }, 60_000);
});
