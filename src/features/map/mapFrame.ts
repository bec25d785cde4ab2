/** The Map frame's size: from the room its parent gives it, measured as that room changes. */
import { useEffect, useMemo, useState, type RefObject } from 'react';
import type { FrameSize } from './viewport';

/**
 * The frame's size from the room it has: a layout is about as tall as it is wide, so the frame's
 * height grows with the room (up to what leaves the toolbar in view on a 1000 px high screen) and
 * its width stops at 1.3 × its height, the legend beside it. A frame as wide as the room
 * (1372 × 620 at 1440 px) left 60% of itself empty on either side of the layout.
 */
export function frameSize(room: number): FrameSize {
  const height = Math.round(Math.min(660, Math.max(480, room / 2)));
  return { width: Math.round(Math.min(room, height * 1.3)), height };
}

/** The frame's size (frameSize) from the width of `body`, the room the frame and legend share. */
export function useFrameSize(body: RefObject<HTMLDivElement | null>): FrameSize {
  // 900 px until the first measure (and in jsdom, which has no layout)
  const [width, setWidth] = useState(900);
  useEffect(() => {
    const el = body.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => el.clientWidth && setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [body]);
  return useMemo<FrameSize>(() => frameSize(width), [width]);
}
