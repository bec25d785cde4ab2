/** The map as a PNG: its drawn layers flattened, with the labels, the path and a legend on top. */
import { LABEL_FONT, type DrawnLabel } from './labelPlacement';

export interface MapPicture {
  width: number;
  height: number;
  /** bottom to top, each stretched over the frame (the density underlay, the WebGL points) */
  layers: HTMLCanvasElement[];
  /** the trajectory, frame px */
  path: [number, number][];
  pathColour: string;
  /** cluster labels, placed (labelPlacement), frame px */
  labels: DrawnLabel[];
  legend: { name: string; colour: string }[];
}

/** Draws the picture on a 2-D canvas and encodes it; rejects when the browser cannot. */
export function mapPng(pic: MapPicture): Promise<Blob> {
  const canvas = document.createElement('canvas');
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(pic.width * dpr);
  canvas.height = Math.round(pic.height * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('this browser gives no 2-D canvas to draw the PNG'));
  ctx.scale(dpr, dpr);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, pic.width, pic.height);
  for (const layer of pic.layers) ctx.drawImage(layer, 0, 0, pic.width, pic.height);
  if (pic.path.length > 1) {
    ctx.strokeStyle = ctx.fillStyle = pic.pathColour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    pic.path.forEach(([x, y], j) => (j ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.stroke();
  }
  ctx.font = LABEL_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const l of pic.labels) {
    ctx.fillStyle = 'rgba(255,255,255,0.75)';
    ctx.fillRect(l.x - l.width / 2, l.y - l.height / 2, l.width, l.height);
    ctx.fillStyle = '#222222';
    ctx.fillText(l.text, l.x, l.y);
  }
  ctx.font = '12px sans-serif';
  ctx.textAlign = 'left';
  pic.legend.forEach((e, j) => {
    const y = 14 + j * 18;
    ctx.fillStyle = e.colour;
    ctx.fillRect(pic.width - 150, y - 5, 10, 10);
    ctx.fillStyle = '#222222';
    ctx.fillText(e.name, pic.width - 134, y);
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))),
      'image/png',
    ),
  );
}
