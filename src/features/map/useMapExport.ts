/**
 * The Map's downloads: a PNG of the drawn canvases with the overlay on top, and an SVG written from
 * the scene (up to SVG_MAX_POINTS visible points; past that a PNG, and a note saying why).
 */
import { useState, type RefObject } from 'react';
import { MAP_COLOURS } from '../../components/colors';
import { downloadBlob } from '../../data/export';
import { pointScale } from './drawStyle';
import type { DrawnLabel } from './labelPlacement';
import { mapPng } from './mapPng';
import type { MapScene, SceneLines } from './mapScene';
import { mapSvg, SVG_MAX_POINTS, visibleCount } from './mapSvg';
import { toPx, type FrameSize, type Viewport } from './viewport';

interface Picture {
  scene: MapScene | null;
  view: Viewport | null;
  size: FrameSize;
  hidden: ReadonlySet<string>;
  lines: SceneLines[];
  /** the window's path, layout units */
  path: [number, number][];
  /** the cluster labels placed for this view */
  labels: DrawnLabel[];
  /** the PNG's file name; the SVG's is the same with .svg */
  filename: string;
  /** the drawn layers, bottom to top */
  densityCanvas: RefObject<HTMLCanvasElement | null>;
  glCanvas: RefObject<HTMLCanvasElement | null>;
  /** draws view v whole (not a chunk per frame), so the PNG holds every point */
  paint: (v: Viewport, whole: boolean) => void;
  /** says why the PNG could not be made */
  onError: (message: string) => void;
}

/** exportPng and exportSvg for the picture as it is drawn, and the note an SVG export leaves. */
export function useMapExport(pic: Picture) {
  const { scene, view, size, hidden, lines, path, labels, filename } = pic;
  const [note, setNote] = useState<string | null>(null);

  const exportPng = () => {
    if (!view || !scene) return;
    pic.paint(view, true);
    const px = (x: number, y: number) => toPx(view, size, x, y);
    mapPng({
      ...size,
      layers: [pic.densityCanvas.current!, pic.glCanvas.current!],
      path: path.map(([x, y]) => px(x, y)),
      pathColour: MAP_COLOURS.trajectory,
      labels,
      legend: scene.groups.filter((g) => !hidden.has(g.key)),
    })
      .then((blob) => downloadBlob(filename, blob))
      .catch((e: Error) => pic.onError(`The PNG could not be made: ${e.message}`));
  };

  const exportSvg = () => {
    if (!view || !scene) return;
    const count = visibleCount(scene, hidden);
    if (count > SVG_MAX_POINTS) {
      setNote(
        `${count.toLocaleString()} points are too many for an SVG (at most ${SVG_MAX_POINTS.toLocaleString()}): downloaded as PNG instead. Hide groups or filter to export vectors.`,
      );
      exportPng();
      return;
    }
    setNote(null);
    const svg = mapSvg({
      scene,
      view,
      size,
      hidden,
      pointScale: pointScale(scene.count, size.width * size.height),
      lines: lines.filter((l) => !hidden.has(l.key)),
      path,
      pathColour: MAP_COLOURS.trajectory,
      labels,
    });
    downloadBlob(
      filename.replace(/\.png$/, '') + '.svg',
      new Blob([svg], { type: 'image/svg+xml' }),
    );
  };

  return { exportPng, exportSvg, note };
}
