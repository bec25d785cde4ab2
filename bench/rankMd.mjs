// The rank-step section of bench/results/latest.md, from bench/rank.bench.mjs's JSON; `t` is
// src/features/bench/benchTable.ts (its markdownTable).

/** Markdown lines for the rank step: each data set's kernel time against native, per build. */
export function rankMarkdown(rank, t) {
  if (!rank) return [];
  if (rank.error) return [`Rank step: failed (${rank.error}).`, ''];
  const rows = rank.rows.map((r) => {
    const b = r.relaxed_s !== undefined ? 'relaxed' : 'simd';
    return [
      `${r.data} (${r.n.toLocaleString('en-US')} × ${r.m.toLocaleString('en-US')} × ${r.d})`,
      `${r.native1_s.toFixed(2)} s (${r.native1_gflops.toFixed(0)})`,
      `${r.nativeN_s.toFixed(2)} s`,
      `${r[`${b}_s`].toFixed(2)} s (${r[`${b}_gflops`].toFixed(0)})`,
      r.simd_s !== undefined && b !== 'simd' ? `${r.simd_s.toFixed(2)} s` : '–',
      `${r[`${b}_vs_native1`].toFixed(2)}x`,
      `${r.app_s.toFixed(2)} s (${r.app_vs_nativeN.toFixed(2)}x)`,
      `${(100 * r[`${b}_rescored`]).toFixed(2)}%`,
      `${r[`${b}_ranks_equal_native`]}/${r.n}${r.relaxed_equals_simd === false ? ' (relaxed ≠ simd!)' : ''}${r.app_equals_thread === false ? ' (app ≠ thread!)' : ''}`,
    ];
  });
  return [
    `### Rank step (bench/rank.bench.mjs; medians of ${rank.rounds}; native = bench/rank_native.py, numpy/OpenBLAS brute force)`,
    '',
    'Exact ranks and top 10 over the whole bank; GFLOP/s in brackets = 2·n·m·D / time. "WASM kernel" runs in one thread (ratio to native on one thread); "app path" is the retrieval worker with one slice worker per core past 65,536 rows (ratio to native on all cores).',
    '',
    t.markdownTable(
      [
        'data (n × m × D)',
        'native 1 thread',
        `native ${rank.cpus} threads`,
        'WASM kernel',
        'plain SIMD',
        'WASM / native 1t',
        `app path (/ native ${rank.cpus}t)`,
        'rescored',
        'ranks = native',
      ],
      rows,
    ),
    '',
  ];
}
