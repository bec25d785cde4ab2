import { describe, it } from 'vitest';
import { expectNameEscaped, HOSTILE_NAME } from '../test/hostileText';
import { plotLayout } from './plotLayout';

describe('plotLayout', () => {
  it('shows a title built from a model name as text, not markup', () => {
    expectNameEscaped(plotLayout(`${HOSTILE_NAME}: attention per head`, 340, {}));
  });
});
