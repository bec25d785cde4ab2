// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { loadPlotly } from '../../components/Plot';
import { MapPlot } from './MapPlot';

describe('MapPlot', () => {
  it('says so when plotly cannot draw, instead of leaving an empty frame', async () => {
    // What a browser whose WebGL context is lost (or missing) makes plotly do: reject the draw.
    const P = await loadPlotly();
    vi.spyOn(P, 'react').mockRejectedValueOnce(new Error('WebGL context lost'));
    render(
      <MapPlot
        data={[{ type: 'scattergl', mode: 'markers', x: [0, 1], y: [0, 1] }]}
        revision="r"
        onWindowClick={() => undefined}
        onSelectWindows={() => undefined}
      />,
    );
    expect(
      await screen.findByText(
        'The map could not be drawn: WebGL context lost',
        {},
        { timeout: 30_000 },
      ),
    ).toBeTruthy();
  }, 60_000);
});
