/** Every colour the app draws with: one per model (the same in every view), and the map's. */
const FIXED: Record<string, string> = {
  amn: '#1f77b4',
  gru: '#d62728',
  lstm: '#2ca02c',
  transformer: '#9467bd',
  linear_average: '#7f7f7f',
  persistence: '#bcbd22',
  global_mean: '#8c564b',
};
const EXTRA = ['#ff7f0e', '#17becf', '#e377c2', '#393b79', '#637939', '#843c39'];

export function modelColor(id: string): string {
  if (FIXED[id]) return FIXED[id];
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return EXTRA[hash % EXTRA.length];
}

/** Colour-by-topic on the map: one per article topic, cycling. */
export const TOPIC_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** The map's fixed groups. */
export const MAP_COLOURS = {
  target: '#222222',
  context: '#9aa0a6',
  bank: '#cfd3d7',
  trajectory: '#e6550d',
} as const;

/** Viridis at eleven even stops, dark purple → yellow. */
const VIRIDIS = [
  '#440154',
  '#482475',
  '#414487',
  '#355f8d',
  '#2a788e',
  '#21918c',
  '#22a884',
  '#44bf70',
  '#7ad151',
  '#bddf26',
  '#fde725',
];

/** An '#rrggbb' colour as [r, g, b], 0..255. */
export function rgbOf(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1, 7), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/**
 * Colour-by-error: a prediction's cosine error (0..1) on Viridis reversed, so a good prediction is
 * yellow and a poor one dark purple; errors outside 0..1 take the end colours.
 */
export function errorColour(error: number): [number, number, number] {
  const t = (1 - Math.min(1, Math.max(0, error))) * (VIRIDIS.length - 1);
  const j = Math.min(VIRIDIS.length - 2, Math.floor(t));
  const a = rgbOf(VIRIDIS[j]);
  const b = rgbOf(VIRIDIS[j + 1]);
  const f = t - j;
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f)) as [number, number, number];
}
