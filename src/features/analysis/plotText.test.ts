import { describe, expect, it } from 'vitest';
import { escapeHtml } from './plotText';

describe('escapeHtml', () => {
  it('turns a topic that looks like markup into text plotly shows as written', () => {
    expect(escapeHtml('<b>A & B</b>')).toBe('&lt;b&gt;A &amp; B&lt;/b&gt;');
  });
});
