// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MapLegend, showModel, soloModel } from './MapLegend';
import { SHAPE, type MapScene } from './mapScene';

afterEach(cleanup);

const group = (key: string, start: number) => ({
  key,
  name: key.toUpperCase(),
  colour: '#123456',
  shape: SHAPE.disc,
  start,
  end: start + 2,
});
const scene = {
  groups: [group('targets', 0), group('amn', 2), group('gru', 4), group('lstm', 6)],
  topics: [],
} as unknown as MapScene;

describe('MapLegend: one model at a time over the targets', () => {
  it('hides every other model (never the targets) and says which one is shown', () => {
    const onChange = vi.fn();
    render(<MapLegend scene={scene} hidden={new Set()} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Models shown'), { target: { value: 'gru' } });
    const hidden = onChange.mock.calls[0][0] as Set<string>;
    expect([...hidden].sort()).toEqual(['amn', 'lstm']);
    expect(soloModel(scene, hidden)).toBe('gru');
  });

  it('"all together" shows every model again; a hidden target stays hidden', () => {
    const hidden = showModel(scene, new Set(['targets', 'amn', 'lstm']), null);
    expect([...hidden]).toEqual(['targets']);
    expect(soloModel(scene, hidden)).toBeNull();
  });
});
