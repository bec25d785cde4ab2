// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MapTooltip } from './MapTooltip';

describe('MapTooltip', () => {
  it('shows data as text: markup in a sentence, title or model name is not interpreted', () => {
    const { container } = render(
      <MapTooltip
        label={{
          head: 'M <i>1</i> prediction · cos 0.900',
          text: 'target: Bond markets <b>x</b> & y <img src=x onerror=alert(1)>',
          where: 'Title <script> · window 5',
        }}
        left={10}
        top={20}
      />,
    );
    const tip = screen.getByTestId('map-tooltip');
    expect(tip.textContent).toContain('Bond markets <b>x</b> & y <img src=x onerror=alert(1)>');
    expect(tip.textContent).toContain('M <i>1</i> prediction');
    expect(tip.textContent).toContain('Title <script> · window 5');
    expect(container.querySelector('b, i, img, script')).toBeNull();
  });
});
