import { describe, expect, it } from 'vitest';
import { autoClusterCount, kMeans } from './kmeans';

// Three tight blobs of three points each around (0,0), (10,0) and (0,10).
const blobs = [
  [0, 0],
  [0.5, 0],
  [0, 0.5],
  [10, 0],
  [10.5, 0],
  [10, 0.5],
  [0, 10],
  [0.5, 10],
  [0, 10.5],
].flat();

describe('kMeans', () => {
  it('finds three blobs: each blob one cluster, centres at the blob means', () => {
    const r = kMeans(blobs, 9, 3, 42);
    const a = Array.from(r.assignment);
    expect(new Set(a.slice(0, 3)).size).toBe(1);
    expect(new Set(a.slice(3, 6)).size).toBe(1);
    expect(new Set(a.slice(6, 9)).size).toBe(1);
    expect(new Set([a[0], a[3], a[6]]).size).toBe(3);
    expect(Array.from(r.sizes)).toEqual([3, 3, 3]);
    const c = a[3];
    expect(r.centroids[c * 2]).toBeCloseTo(61 / 6, 10); // (10 + 10.5 + 10) / 3
    expect(r.centroids[c * 2 + 1]).toBeCloseTo(1 / 6, 10);
  });

  it('is deterministic for a seed, and k-means++ seeding finds the blobs from every seed', () => {
    for (const seed of [1, 2, 3, 7, 99]) {
      const a = kMeans(blobs, 9, 3, seed);
      const b = kMeans(blobs, 9, 3, seed);
      expect(Array.from(a.assignment)).toEqual(Array.from(b.assignment));
      expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
      expect(Array.from(a.sizes)).toEqual([3, 3, 3]);
    }
  });

  it('moves centres off the seeds: two points per side of a line end in two clusters', () => {
    const xy = [0, 0, 0, 1, 5, 0, 5, 1];
    const r = kMeans(xy, 4, 2, 3);
    expect(r.assignment[0]).toBe(r.assignment[1]);
    expect(r.assignment[2]).toBe(r.assignment[3]);
    expect(r.assignment[0]).not.toBe(r.assignment[2]);
    const c = r.assignment[0];
    expect([r.centroids[c * 2], r.centroids[c * 2 + 1]]).toEqual([0, 0.5]);
  });

  it('caps k at n and survives duplicate points', () => {
    const r = kMeans([1, 1, 1, 1], 2, 5, 1);
    expect(r.k).toBe(2);
    expect(Array.from(r.centroids).every(Number.isFinite)).toBe(true);
  });
});

describe('autoClusterCount', () => {
  it('is √(n/2) rounded, between 1 and 12', () => {
    expect(autoClusterCount(0)).toBe(1);
    expect(autoClusterCount(2)).toBe(1);
    expect(autoClusterCount(50)).toBe(5);
    expect(autoClusterCount(218)).toBe(10);
    expect(autoClusterCount(10_000)).toBe(12);
  });
});
