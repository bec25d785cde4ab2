import { describe, expect, it } from 'vitest';
import { frameSize } from './mapFrame';

describe('frameSize', () => {
  it('keeps the frame about as tall as it is wide: its width stops at 1.3 × its height', () => {
    // a 1440 px window: 858 × 660, not the room's whole 1372 px with 60% of it empty
    expect(frameSize(1372)).toEqual({ width: 858, height: 660 });
    expect(frameSize(1200)).toEqual({ width: 780, height: 600 });
  });

  it('keeps its height between 480 and 660 px, and a narrow room’s whole width', () => {
    expect(frameSize(900)).toEqual({ width: 624, height: 480 });
    expect(frameSize(400)).toEqual({ width: 400, height: 480 });
    expect(frameSize(3000)).toEqual({ width: 858, height: 660 });
  });
});
