// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../data/types';
import { twoWindowMap } from '../../test/mapPoints';
import { mapHover } from './mapHover';
import { frameSize } from './mapFrame';
import { MapPlot } from './MapPlot';
import { buildScene, sceneLines } from './mapScene';
import { recordingGl } from './recordingGl';
import { fitView, toPx } from './viewport';

// Two windows: targets (map points 0, 1) at (0, 0) and (10, 0), AMN's predictions (2, 3) above.
const { points, embedding } = twoWindowMap();
const dataset = { bank: { texts: ['First <b>one</b>', 'Second'] } } as unknown as Dataset;
const scene = buildScene(points, embedding, dataset, 'model');
const hover = mapHover(points, embedding, dataset);
// jsdom has no layout: the frame has 900 px of room (frameSize) at the page's origin.
const size = frameSize(900);
const at = (x: number, y: number) => {
  const [clientX, clientY] = toPx(fitView(scene.bounds, size), size, x, y);
  return { clientX, clientY };
};

function draw() {
  const onWindowClick = vi.fn();
  const onSelectWindows = vi.fn();
  render(
    <MapPlot
      scene={scene}
      lines={sceneLines(scene, points, embedding)}
      revision="r"
      labels={[{ x: 5, y: 2.5, size: 2, words: ['<i>cats</i>', 'mats'] }]}
      hover={hover}
      onWindowClick={onWindowClick}
      onSelectWindows={onSelectWindows}
    />,
  );
  return { frame: screen.getByTestId('map-plot'), onWindowClick, onSelectWindows };
}

// What a browser without WebGL (or a 2-D canvas) answers; jsdom would also log that it has none.
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('MapPlot', () => {
  it('says so when the browser gives no WebGL, instead of leaving an empty frame', () => {
    draw();
    expect(
      screen.getByText('The map could not be drawn: this browser gives the page no WebGL context'),
    ).toBeTruthy();
  });

  it('says so when the WebGL context is lost, keeps the map, and draws again once restored', () => {
    vi.mocked(HTMLCanvasElement.prototype.getContext).mockImplementation(function (
      this: HTMLCanvasElement,
      type: string,
    ) {
      return (type === 'webgl' ? recordingGl().gl : null) as never;
    });
    const { frame } = draw();
    expect(screen.queryByText(/could not be drawn/)).toBeNull();
    const canvas = screen.getByTestId('map-points');
    const lost = new Event('webglcontextlost', { cancelable: true });
    act(() => {
      canvas.dispatchEvent(lost);
    });
    expect(lost.defaultPrevented).toBe(true); // asks the browser to restore it
    expect(screen.getByText(/the WebGL context was lost; it is drawn again/)).toBeTruthy();
    // the rest of the map keeps working: labels, legend, hover
    fireEvent.mouseMove(frame, at(10.02, 0.02));
    expect(screen.getByTestId('map-tooltip').textContent).toBe('targetSecondwindow 1');
    act(() => {
      canvas.dispatchEvent(new Event('webglcontextrestored'));
    });
    expect(screen.queryByText(/could not be drawn/)).toBeNull();
  });

  it('labels the hovered point with its sentence as text, and draws its window’s line', () => {
    const { frame } = draw();
    fireEvent.mouseMove(frame, at(10.02, 0.02));
    expect(screen.getByTestId('map-tooltip').textContent).toBe('targetSecondwindow 1');
    expect(screen.getByTestId('map-hover-lines').querySelectorAll('line')).toHaveLength(1);
    fireEvent.mouseMove(frame, at(0, 0));
    expect(screen.getByTestId('map-tooltip').textContent).toContain('First <b>one</b>');
    fireEvent.mouseMove(frame, at(5, 2.5)); // nothing within 10 px
    expect(screen.queryByTestId('map-tooltip')).toBeNull();
    expect(screen.getByText('<i>cats</i> · mats')).toBeTruthy();
  });

  it('opens the clicked point’s window and selects the windows in a shift-dragged box', () => {
    const { frame, onWindowClick, onSelectWindows } = draw();
    fireEvent.mouseDown(frame, { ...at(0, 5), button: 0 });
    fireEvent.mouseUp(window, at(0, 5));
    expect(onWindowClick).toHaveBeenCalledWith(0);
    // a box around the right-hand window's target and prediction
    fireEvent.mouseDown(frame, { ...at(8, 7), button: 0, shiftKey: true });
    fireEvent.mouseMove(window, at(12, -2));
    expect(screen.getByTestId('map-selection')).toBeTruthy();
    fireEvent.mouseUp(window, at(12, -2));
    expect(onSelectWindows).toHaveBeenCalledWith([1]);
    expect(onWindowClick).toHaveBeenCalledTimes(1);
  });

  it('selects the windows a lasso is drawn round', () => {
    const { frame, onSelectWindows } = draw();
    fireEvent.click(screen.getByRole('button', { name: 'Lasso' }));
    fireEvent.mouseDown(frame, { ...at(-2, -2), button: 0 });
    for (const [x, y] of [
      [2, -2],
      [2, 7],
    ])
      fireEvent.mouseMove(window, at(x, y));
    fireEvent.mouseUp(window, at(-2, 7));
    expect(onSelectWindows).toHaveBeenCalledWith([0]);
  });

  it('hides a group from the legend: its points are no longer hovered', () => {
    const { frame } = draw();
    const amn = screen.getByRole('button', { name: /AMN/ });
    expect(amn.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(amn);
    expect(amn.getAttribute('aria-pressed')).toBe('false');
    fireEvent.mouseMove(frame, at(0, 5));
    expect(screen.queryByTestId('map-tooltip')).toBeNull();
    fireEvent.mouseMove(frame, at(0, 0));
    expect(screen.getByTestId('map-tooltip').textContent).toContain('target');
  });

  it('zooms and pans from the keyboard, and 0 fits the map again', () => {
    const { frame } = draw();
    const label = () => screen.getByText('<i>cats</i> · mats') as HTMLElement;
    const fitted = [label().style.left, label().style.top];
    fireEvent.keyDown(frame, { key: 'ArrowLeft' });
    expect(label().style.left).not.toBe(fitted[0]);
    expect(label().style.top).toBe(fitted[1]);
    fireEvent.keyDown(frame, { key: '0' });
    expect([label().style.left, label().style.top]).toEqual(fitted);
    // the label sits at the centre, so zooming about the centre keeps it; the targets move out
    fireEvent.keyDown(frame, { key: '+' });
    fireEvent.mouseMove(frame, at(10, 0));
    expect(screen.queryByTestId('map-tooltip')).toBeNull();
  });
});
