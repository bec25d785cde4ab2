/** One colour per model, the same in every view. Shipped models keep fixed colours. */
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
