/** One column of Predict: a model's or a baseline's cosine, rank and neighbours for one window. */

export interface Neighbour {
  index: number;
  score: number;
  /** this entry is the true next sentence */
  isTarget: boolean;
}

export interface ColumnResult {
  id: string;
  name: string;
  kind: 'model' | 'baseline';
  cosine: number;
  rank: number;
  neighbours: Neighbour[];
  wallMs: number;
  backend: string;
  error?: string;
}
