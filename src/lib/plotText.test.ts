import { describe, expect, it } from 'vitest';
import { escapeHtml, plotHtml } from './plotText';

describe('escapeHtml', () => {
  it('turns every character that can open markup or leave an attribute into an entity', () => {
    expect(escapeHtml(`<a href="http://x">x</a> & 'y'`)).toBe(
      '&lt;a href=&quot;http://x&quot;&gt;x&lt;/a&gt; &amp; &#39;y&#39;',
    );
  });
});

describe('plotHtml', () => {
  it('keeps the literal markup and escapes every interpolated value', () => {
    const name = '<b>y</b>';
    expect(plotHtml`${name}<br>cosine ${0.5}: %{y:.3f}<extra></extra>`).toBe(
      '&lt;b&gt;y&lt;/b&gt;<br>cosine 0.5: %{y:.3f}<extra></extra>',
    );
  });
});
