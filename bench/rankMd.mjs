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
      Number.isFinite(r[`${b}_shared`]) ? `${(100 * r[`${b}_shared`]).toFixed(0)}%` : '–',
      `${r[`${b}_ranks_equal_native`]}/${r.n}${r.relaxed_equals_simd === false ? ' (relaxed ≠ simd!)' : ''}${r.app_equals_thread === false ? ' (app ≠ thread!)' : ''}`,
    ];
  });
  return [
    `### Rank step (bench/rank.bench.mjs; medians of ${rank.rounds}; native = bench/rank_native.py, numpy/OpenBLAS brute force)`,
    '',
    'Exact ranks and top 10 over the whole bank; GFLOP/s in brackets = 2·n·m·D / time. "WASM kernel" runs in one thread (ratio to native on one thread); "app path" is the retrieval worker with one worker per core for banks of 4M values or more, each holding the whole bank and a share of the windows up to 16M values, a slice of the rows past that (ratio to native on all cores). A query vector shared by 16 or more windows (the global mean) is scored once for all of them.',
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
        'windows sharing a query',
        'ranks = native',
      ],
      rows,
    ),
    '',
  ];
}
