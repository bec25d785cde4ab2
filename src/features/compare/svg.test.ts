import { describe, expect, it } from 'vitest';
import { boxChart, boxStats, lineChart, pathThrough, xTicks } from './svg';

describe('lineChart', () => {
  // plot area: x 44..(200-10)=190, y (100-34)=66 (value 0) .. 10 (value 1)
  const size = { width: 200, height: 100, title: 'Hit@K', xTitle: 'K', yTitle: 'Hit@K' };

  it('draws a tiny series through exact coordinates', () => {
    const svg = lineChart([{ name: 'AMN', color: '#1f77b4', values: [0, 0.5, 1] }], size);
    // K = 1, 2, 3 -> x = 44, 117, 190; Hit 0, 0.5, 1 -> y = 66, 38, 10
    expect(svg).toContain('<path d="M44,66 L117,38 L190,10" fill="none" stroke="#1f77b4"');
    expect(svg).toContain('<title>AMN</title>');
  });

  it('escapes series names and titles', () => {
    const svg = lineChart([{ name: '<b>&', color: 'red', values: [1] }], {
      ...size,
      title: '"t"<',
    });
    expect(svg).toContain('<title>&lt;b&gt;&amp;</title>');
    expect(svg).toContain('<title>&quot;t&quot;&lt;</title>');
    expect(svg).not.toContain('<b>');
  });
});

describe('pathThrough / xTicks', () => {
  it('rounds to two decimals and skips non-finite points', () => {
    expect(
      pathThrough([
        [1.005, 2.3333],
        [NaN, 1],
        [3, 4],
      ]),
    ).toBe('M1,2.33 L3,4');
  });
  it('ticks K at 1 and round steps', () => {
    expect(xTicks(3)).toEqual([1, 2, 3]);
    expect(xTicks(50)).toEqual([1, 10, 20, 30, 40, 50]);
  });
});

describe('boxChart', () => {
  it('computes quartiles, Tukey whiskers and the mean', () => {
    // 100 lies beyond q3 + 1.5 IQR, so the upper whisker stops at 5
    const b = boxStats([1, 2, 3, 4, 5, 100]);
    expect(b.q1).toBeCloseTo(2.25);
    expect(b.median).toBeCloseTo(3.5);
    expect(b.q3).toBeCloseTo(4.75);
    expect(b.low).toBe(1);
    expect(b.high).toBe(5);
    expect(b.mean).toBeCloseTo(115 / 6);
  });

  it('places one box per series on the value axis', () => {
    // y domain 0..1 over 66..10: q1 0.25 -> 52, q3 0.75 -> 24, median 0.5 -> 38
    const svg = boxChart([{ name: 'GRU', color: '#d62728', values: [0, 0.25, 0.5, 0.75, 1] }], {
      width: 200,
      height: 100,
      title: 'Cosine',
      xTitle: '',
      yTitle: 'cosine',
    });
    // one slot 44..190, centre 117, half-width 18
    expect(svg).toContain('<rect x="99" y="24" width="36" height="28"');
    expect(svg).toContain('<line x1="99" x2="135" y1="38" y2="38"');
    expect(svg).toContain('<line x1="117" x2="117" y1="66" y2="10"');
  });
});
