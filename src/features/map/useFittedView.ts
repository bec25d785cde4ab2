/** The Map's view and the legend's hidden groups, both reset when the layout changes. */
import { useState } from 'react';
import type { MapScene } from './mapScene';
import { fitView, sameView, type FrameSize, type Viewport } from './viewport';

/**
 * The view the frame shows and the groups the legend hides. A new revision (other data or layout)
 * fits the view and shows every group again; so does a new frame size (the first measure of the
 * frame, a resize) while the view is still the fitted one.
 */
export function useFittedView(scene: MapScene | null, revision: string, size: FrameSize) {
  const [view, setView] = useState<Viewport | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [fitted, setFitted] = useState<{ revision: string; view: Viewport } | null>(null);
  if (scene) {
    const fit = fitView(scene.bounds, size);
    if (fitted?.revision !== revision) {
      setFitted({ revision, view: fit });
      setView(fit);
      setHidden(new Set());
    } else if (view === fitted.view && !sameView(view, fit)) {
      setFitted({ revision, view: fit });
      setView(fit);
    }
  }
  return { view, setView, hidden, setHidden };
}
