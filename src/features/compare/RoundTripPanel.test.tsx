// @vitest-environment jsdom
/**
 * Compare's round trip as the user sees it: the whole app under StrictMode, the real engine,
 * retrieval kernel and sentence encoder running in-process (src/test/inProcessWorkers.ts).
 */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installInProcessWorkers } from '../../test/inProcessWorkers';
import { openApp } from '../../test/openApp';

beforeAll(installInProcessWorkers);
afterEach(cleanup);

const BASELINES = ['linear_average', 'persistence', 'global_mean'];

describe('Compare · Round trip', () => {
  it('re-embeds the decoded sentences of a 5-window sample: a row per model with numbers in range', async () => {
    openApp('?view=compare&data=demo-val&models=amn');
    const panel = await screen.findByTestId('round-trip', {}, { timeout: 60_000 });
    fireEvent.change(within(panel).getByLabelText('Windows in the sample'), {
      target: { value: '5' },
    });
    expect(within(panel).getByTestId('round-trip-sample').textContent).toMatch(/^5 of \d+ windows/);
    fireEvent.click(within(panel).getByRole('button', { name: 'Run round trip' }));
    const table = await within(panel).findByTestId('round-trip-table', {}, { timeout: 90_000 });
    for (const id of ['amn', ...BASELINES]) {
      const row = table.querySelector(`tr[data-model="${id}"]`);
      expect(row, id).not.toBeNull();
      const value = (m: string) =>
        Number(row!.querySelector(`td[data-metric="${m}"]`)!.getAttribute('data-value'));
      for (const m of ['predVsReembedded', 'targetVsReembedded']) {
        expect(value(m), `${id} ${m}`).toBeGreaterThanOrEqual(-1);
        expect(value(m), `${id} ${m}`).toBeLessThanOrEqual(1);
      }
      expect(value('manifoldDistance'), id).toBeGreaterThanOrEqual(0);
      expect(value('manifoldDistance'), id).toBeLessThanOrEqual(2);
      // The decoded sentence's stored vector scores 1 − distance against the prediction; its text
      // re-embedded is that vector within the encoder's parity bound (cosine >= 0.999 to Python's).
      expect(
        Math.abs(value('predVsReembedded') - (1 - value('manifoldDistance'))),
        id,
      ).toBeLessThan(0.05);
    }
    expect(within(panel).getByText(/distinct sentences re-embedded/).textContent).toMatch(/^\d+ /);
  }, 180_000);
});
