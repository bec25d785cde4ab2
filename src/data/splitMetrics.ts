/**
 * Retrieval metrics over one split, with the keys training/metrics.py writes (docs/metrics.md):
 * the shipped manifest, a results bundle and the Compare table all carry these. Fractions in 0..1.
 */
export interface SplitMetrics {
  n: number;
  cosine_mean: number;
  cosine_std: number;
  hit1: number;
  hit5: number;
  hit10: number;
  hit20: number;
  mrr: number;
  mean_rank: number;
}
