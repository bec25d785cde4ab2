import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../data/types';
import { cutWindows } from '../../data/windows';
import { articleFacts, sliceSets } from './sliceSets';

/** A 2-D stream of 7 rows: article 10 (3 sentences) then article 11 (4 sentences). */
function stream(articles?: Dataset['articles']): Dataset {
  const vectors = Float32Array.from([1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0.6, 0.8, 0.8, 0.6]);
  return {
    id: `toy-${articles ? 'topics' : 'plain'}`,
    name: 'toy',
    origin: 'test',
    dim: 2,
    stream: { vectors, count: 7, articleIds: Int32Array.from([10, 10, 10, 11, 11, 11, 11]) },
    bank: { vectors, count: 7 },
    articles,
  };
}

describe('articleFacts', () => {
  it("gives each window's target its 1-based sentence number, article and article length", () => {
    // K = 2: targets are rows 2 (article 10), 5 and 6 (article 11)
    const f = articleFacts(stream().stream!, 2)!;
    expect([...f.position]).toEqual([3, 3, 4]);
    expect([...f.article]).toEqual([10, 11, 11]);
    expect([...f.length]).toEqual([3, 4, 4]);
  });
});

describe('sliceSets', () => {
  it('slices by topic where articles have topics, and says why a key does not apply', () => {
    const ds = stream([
      { id: 10, title: 'A', topic: 'Arts' },
      { id: 11, title: 'B', topic: 'Biology' },
    ]);
    const sets = sliceSets(ds, cutWindows(ds, 2));
    const topic = sets.find((s) => s.key === 'topic')!;
    expect(topic.slicing!.labels).toEqual(['Biology', 'Arts']);
    expect(topic.rows).toEqual([[1, 2], [0]]);

    const plain = stream();
    const bare = sliceSets(plain, cutWindows(plain, 1));
    expect(bare.find((s) => s.key === 'topic')!.unavailable).toMatch(/no articles with topics/);
    expect(bare.find((s) => s.key === 'coherence')!.unavailable).toMatch(/K = 1/);
    expect(bare.find((s) => s.key === 'position')!.slicing).not.toBeNull();
  });

  it('a windows file has no positions, topics or article lengths', () => {
    const ds: Dataset = {
      id: 'toy-windows',
      name: 'w',
      origin: 'test',
      dim: 2,
      windows: {
        contexts: Float32Array.from([1, 0, 0, 1]),
        targets: Float32Array.from([1, 0]),
        count: 1,
        k: 2,
      },
      bank: { vectors: Float32Array.from([1, 0]), count: 1 },
    };
    const sets = sliceSets(ds, cutWindows(ds, 2));
    for (const key of ['position', 'topic', 'length'])
      expect(sets.find((s) => s.key === key)!.unavailable).toMatch(/no article ids/);
    expect(sets.find((s) => s.key === 'novelty')!.slicing!.labels).toHaveLength(1);
  });
});
