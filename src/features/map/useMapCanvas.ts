/**
 * The Map's two canvases: the points in a WebGL layer (PointsGl) and the targets' density under
 * them. Made when the canvas mounts, drawn again for every view; a gesture moves the drawn picture
 * at once and the points are drawn again once it rests.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { drawDensity, densityImage } from './densityLayer';
import { pointScale } from './drawStyle';
import type { DensityGrid } from './mapOverlays';
import type { MapScene, SceneLines } from './mapScene';
import { PointsGl } from './pointsGl';
import { imageTransform, type FrameSize, type Viewport } from './viewport';

/** A pan or zoom moves the drawn picture; the points are drawn again once it rests this long. */
const SETTLE_MS = 120;

interface Layers {
  scene: MapScene | null;
  lines: SceneLines[];
  density?: DensityGrid | null;
  size: FrameSize;
  view: Viewport | null;
  /** the groups the legend hides */
  hidden: ReadonlySet<string>;
}

/**
 * The canvases' refs, `paint` (draws view v now: a chunk per frame, or all at once when `whole`)
 * and the error that says why nothing is drawn (no WebGL, a lost context).
 */
export function useMapCanvas({ scene, lines, density, size, view, hidden }: Layers) {
  const glCanvas = useRef<HTMLCanvasElement>(null);
  const densityCanvas = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<PointsGl | null>(null);
  // stops the progressive draw under way
  const stopDrawing = useRef<() => void>(() => undefined);
  const [glEpoch, setGlEpoch] = useState(0);
  // A drawing that fails (no WebGL, a lost context) is said, not left as an empty frame.
  const [error, setError] = useState<string | null>(null);

  // The renderer, made when the canvas mounts (again after a lost context is restored).
  const glCanvasRef = useCallback(
    (canvas: HTMLCanvasElement | null) => {
      glCanvas.current = canvas;
      if (!canvas) return;
      try {
        renderer.current = new PointsGl(canvas);
        setError(null);
      } catch (e) {
        setError(`The map could not be drawn: ${(e as Error).message}`);
      }
      const lost = (e: Event) => {
        e.preventDefault(); // lets the browser restore it
        stopDrawing.current();
        renderer.current = null;
        setError(
          'The map could not be drawn: the WebGL context was lost; it is drawn again when the browser restores it',
        );
      };
      const restored = () => setGlEpoch((n) => n + 1);
      canvas.addEventListener('webglcontextlost', lost);
      canvas.addEventListener('webglcontextrestored', restored);
      return () => {
        canvas.removeEventListener('webglcontextlost', lost);
        canvas.removeEventListener('webglcontextrestored', restored);
        stopDrawing.current();
        renderer.current?.dispose();
        renderer.current = null;
      };
    },
    // a new epoch makes a new renderer on the restored context
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [glEpoch],
  );

  useEffect(() => {
    if (scene) renderer.current?.setScene(scene);
  }, [scene, glEpoch]);
  useEffect(() => {
    renderer.current?.setLines(lines);
  }, [lines, glEpoch]);

  const densityPicture = useMemo(() => (density ? densityImage(density) : null), [density]);

  // What a draw depends on besides the view: while these stay, a view change is a gesture.
  const layers = useMemo(
    () => ({ size, hidden, density, densityPicture, scene, lines, glEpoch }),
    [size, hidden, density, densityPicture, scene, lines, glEpoch],
  );
  const drawn = useRef<{ view: Viewport; layers: typeof layers } | null>(null);
  /**
   * Draws the points (a chunk per frame, or all now when `whole`) and the density with view v, and
   * drops any gesture transform.
   */
  const paint = useCallback(
    (v: Viewport, whole = false) => {
      stopDrawing.current();
      const r = renderer.current;
      if (r && scene) r.pointScale = pointScale(scene.count, size.width * size.height);
      if (whole) r?.draw(v, size, hidden);
      else stopDrawing.current = r?.drawInFrames(v, size, hidden) ?? (() => undefined);
      drawDensity(densityCanvas.current, density, densityPicture, v, size);
      for (const c of [glCanvas.current, densityCanvas.current]) if (c) c.style.transform = '';
      drawn.current = { view: v, layers };
    },
    [size, hidden, density, densityPicture, layers, scene],
  );
  useEffect(() => {
    if (!view) return;
    const last = drawn.current;
    if (last && last.layers === layers) {
      // Only the view moved: move the drawn picture now, draw the points again once it rests.
      const t = imageTransform(last.view, view, size);
      for (const c of [glCanvas.current, densityCanvas.current])
        if (c) c.style.transform = `translate(${t.tx}px, ${t.ty}px) scale(${t.k})`;
      const timer = setTimeout(() => paint(view), SETTLE_MS);
      return () => clearTimeout(timer);
    }
    paint(view);
  }, [view, paint, size, layers]);

  return { glCanvas, glCanvasRef, densityCanvas, paint, error, setError };
}
