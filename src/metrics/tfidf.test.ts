import { describe, expect, it } from 'vitest';
import { clusterTerms, tokenize } from './tfidf';

describe('tokenize', () => {
  it('lower-cases, drops stop words and tokens under 3 characters', () => {
    expect(tokenize("The U.S. Market's 3 big 2024 rallies, and THEN some")).toEqual([
      'market',
      'big',
      '2024',
      'rallies',
    ]);
  });
});

describe('clusterTerms', () => {
  // Tokens per cluster (after stop words and short tokens go):
  //  0: cat×2 sat mat chased mouse          (6 tokens)
  //  1: stocks×2 market×2 fell closed rallied rose (8 tokens)
  //  2: cat watched market news            (4 tokens)
  // df: cat 2, market 2, every other term 1; N = 3 clusters.
  const texts = [
    'The cat sat on the mat.',
    'A cat chased the mouse.',
    'Stocks fell as the market closed.',
    'The market rallied; stocks rose.',
    'The cat watched the market news.',
  ];
  const clusterOf = [0, 0, 1, 1, 2];

  it('ranks by tf × ln(N / df), ties to the more frequent then alphabetical', () => {
    const labels = clusterTerms(texts, clusterOf, 3);
    const ln3 = Math.log(3);
    const ln15 = Math.log(1.5);
    // Cluster 0: cat = 2/6·ln1.5 = 0.135 loses to the df-1 words at 1/6·ln3 = 0.183.
    expect(labels[0].map((t) => t.term)).toEqual(['chased', 'mat', 'mouse']);
    expect(labels[0][0].score).toBeCloseTo(ln3 / 6, 12);
    // Cluster 1: stocks = 2/8·ln3 first; market = 2/8·ln1.5 = 0.101 < 1/8·ln3 = 0.137.
    expect(labels[1].map((t) => t.term)).toEqual(['stocks', 'closed', 'fell']);
    expect(labels[1][0].score).toBeCloseTo((2 / 8) * ln3, 12);
    expect(labels[1][1].score).toBeCloseTo(ln3 / 8, 12);
    // Cluster 2: news, watched at 1/4·ln3; cat and market tie at 1/4·ln1.5, cat first.
    expect(labels[2].map((t) => t.term)).toEqual(['news', 'watched', 'cat']);
    expect(labels[2][2].score).toBeCloseTo(ln15 / 4, 12);
  });

  it('never labels a cluster with a word every cluster has', () => {
    const labels = clusterTerms(['budget vote', 'budget'], [0, 1], 2);
    expect(labels).toEqual([[{ term: 'vote', score: 0.5 * Math.log(2) }], []]);
  });
});
