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

/** The map's fixed groups, and the colour scale of colour-by-error (cosine 0..1, reversed). */
export const MAP_COLOURS = {
  target: '#222222',
  context: '#9aa0a6',
  bank: '#cfd3d7',
  trajectory: '#e6550d',
  errorScale: 'Viridis',
} as const;
