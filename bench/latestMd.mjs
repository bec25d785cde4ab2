// bench/results/latest.md from the object bench/run.bench.mjs writes to latest.json; `t` is
// src/features/bench/benchTable.ts (loaded by the driver through Vite).

import { rankMarkdown } from './rankMd.mjs';

const mib = (b) => (b ? (b / 2 ** 20).toFixed(0) : '–');

export function latestMarkdown(L, t) {
  const labels = Object.fromEntries(L.results.map((r) => [r.id, r.label]));
  const base = labels[L.baseline] ?? L.baseline;
  const loads = L.loadAverage1m.map((l) => `${l.phase} ${l.load1.toFixed(2)}`).join(' → ');
  const modelIds = [...new Set(L.summary.map((r) => r.model))];
  const out = [];
  out.push('# Benchmarks: browser vs native vs PyTorch', '');
  out.push(
    `\`${L.command}\` — ${L.date.replace('T', ' ').slice(0, 16)} UTC, wall time ${(L.wallSeconds / 60).toFixed(1)} min.`,
    '',
    `- Machine: ${L.machine.cpu}, ${L.machine.cores} cores, ${L.machine.ramGiB} GiB RAM, no GPU; Node ${L.machine.node}.`,
    `- Chromium ${L.chromium} headless; onnxruntime-web ${L.browser?.ortVersion}, crossOriginIsolated ${L.browser?.crossOriginIsolated}, ${L.browser?.cores} cores; WebGPU: ${L.browser?.webgpu}; WebNN: ${L.browser?.webnn}.`,
    `- Load average (1 min) around each phase: ${loads}. **A shared machine: other jobs ran during these measurements, so absolute times are inflated and ratios between phases minutes apart carry that noise.**`,
    `- Protocol (every runtime, same loop: src/engine/benchCore.ts, and bench/torch_bench.py for PyTorch): session created from the file's bytes (load time), then per batch size ${L.plan.warmupRuns ?? 3} untimed runs (and more until ${L.plan.warmupMs ?? 0} ms have passed: browsers optimise hot WebAssembly functions only after they have run a while) and timed runs for ${L.plan.budgetMs} ms (at least ${L.plan.minRuns ?? 10}, at most 200). Inputs are unit-norm random windows [batch, 5, 384]. p50/p95/p99 over the timed runs; windows/s = batch × runs / total time. ${L.rounds} round(s) of native → browser → PyTorch; with more than one, every figure and ratio is the median over rounds (ratios paired within a round). WebGPU on a software adapter: batches ≤ 8, 1 untimed + 2 timed runs.`,
    `- Ratios (×) are each figure over ${base}'s for the same model and batch: above 1 is slower for latency, below 1 is slower for throughput.`,
    '',
  );

  out.push('## Runtimes', '');
  out.push(
    t.markdownTable(
      [
        'runtime',
        'status',
        ...modelIds.map((m) => `${m} load ms`),
        'peak memory MiB',
        'memory is',
        'note',
      ],
      L.results.map((r) => [
        r.label,
        r.status,
        ...modelIds.map((m) => {
          const x = r.models[m];
          return !x ? '–' : 'loadMs' in x ? x.loadMs.toFixed(0) : `error: ${x.error}`;
        }),
        mib(r.memory?.bytes),
        r.memory?.what ?? 'not measurable',
        r.note ?? '',
      ]),
    ),
    '',
  );

  out.push(
    '## Targets (WASM)',
    '',
    'Each WASM configuration against native onnxruntime with the same number of threads (ratios paired within a round, median over rounds); the tables below give every figure against native on all cores as well.',
    '',
  );
  out.push(
    t.markdownTable(
      ['target', 'model', 'runtime', 'against', 'value', 'limit', 'met'],
      L.targets.map((c) => [
        c.target,
        c.model,
        labels[c.runtime] ?? c.runtime,
        c.reference ? (labels[c.reference] ?? c.reference) : base,
        c.target.includes('throughput') ? `${(c.value * 100).toFixed(1)}%` : t.formatRatio(c.value),
        c.target.includes('throughput') ? `≥ ${c.limit * 100}%` : `≤ ${c.limit}x`,
        c.met ? 'yes' : '**no**',
      ]),
    ),
    '',
  );

  out.push('## At a glance: batch-1 p50 and batch-256 throughput', '');
  const pick = (m, id, b) =>
    L.summary.find((r) => r.model === m && r.runtime === id && r.batch === b);
  const timed = L.results.filter((r) => L.summary.some((s) => s.runtime === r.id));
  out.push(
    t.markdownTable(
      ['model', ...timed.map((r) => r.label)],
      modelIds.flatMap((m) => [
        [
          `${m} p50 ms @1`,
          ...timed.map((r) => {
            const x = pick(m, r.id, 1);
            return x ? `${t.formatMs(x.p50)} (${t.formatRatio(x.p50Ratio)})` : '–';
          }),
        ],
        [
          `${m} windows/s @256`,
          ...timed.map((r) => {
            const x = pick(m, r.id, 256);
            return x ? `${Math.round(x.throughput)} (${t.formatRatio(x.throughputRatio)})` : '–';
          }),
        ],
      ]),
    ),
    '',
  );

  out.push(`## Every figure (× = ratio to ${base})`, '');
  out.push(t.latencyTable(L.summary, labels), '');

  out.push('## Other benchmarks', '');
  const ex = L.extras ?? {};
  const umapRows = [];
  for (const [name, v] of Object.entries(ex)) {
    if (!name.startsWith('umap-') || name === 'umap-learn') continue;
    if (v.error) umapRows.push([name.slice(5), v.error, '', '', '', '']);
    else
      for (const r of v.rows)
        umapRows.push([
          v.n,
          r.method,
          (r.knnMs / 1000).toFixed(2),
          (r.layoutMs / 1000).toFixed(2),
          (r.totalMs / 1000).toFixed(2),
          r.quality.toFixed(3),
        ]);
  }
  for (const r of ex['umap-learn']?.rows ?? [])
    umapRows.push(
      r.status === 'ok'
        ? [r.n, r.method, '', '', (r.totalMs / 1000).toFixed(2), r.quality.toFixed(3)]
        : [r.n, `umap-learn: ${r.note}`, '', '', '', ''],
    );
  umapRows.sort((a, b) => a[0] - b[0]);
  if (umapRows.length) {
    out.push(
      "UMAP for the Map view (bench/umap.bench.mjs; --quick: the app's path and plain umap-js only):",
      '',
      t.markdownTable(['points', 'method', 'kNN s', 'layout s', 'total s', '10-NN kept'], umapRows),
      '',
      ex['umap-learn']?.note
        ? `umap-learn: ${ex['umap-learn'].note}.`
        : "umap-learn (bench/umap_learn_bench.py, optional: `pip install umap-learn`) runs in Python on the same points with the same parameters; its time excludes numba's compilation (a 10-epoch fit of up to 4,200 of the points first, crossing umap-learn's switch from exact kNN to pynndescent at 4,096 points) and it runs on 1 thread (random_state set).",
      '',
    );
  }
  out.push(...mapScaleLines(ex, t));
  if (ex.evaluate)
    out.push(
      ex.evaluate.error
        ? `Full OOD evaluation: failed (${ex.evaluate.error}).`
        : `Full OOD evaluation of ${ex.evaluate.models.length} models + ${ex.evaluate.baselines} baselines in Compare (bench/evaluate.bench.mjs, WASM, ${ex.evaluate.runs[0]?.windows} windows): best of ${ex.evaluate.runs.length} run(s) ${ex.evaluate.best_s.toFixed(2)} s.`,
      '',
    );
  if (ex.scale) {
    if (ex.scale.error) out.push(`Scale benchmark: failed (${ex.scale.error}).`, '');
    else {
      const label = {
        compare20k: 'Compare on stream20k (16,665 windows, models + baselines)',
        bank640k: '4,000 windows against the 640k x 768 float16 bank (baselines)',
      };
      const rows = Object.entries(ex.scale.cases).map(([name, c]) => [
        label[name] ?? name,
        `${c.median.appS.toFixed(1)} s`,
        `${c.median.nativeS.toFixed(1)} s`,
        `${c.median.ratio.toFixed(2)}x`,
        `${c.runs.length}`,
        c.met ? 'met (≤ 2x)' : 'missed (≤ 2x)',
      ]);
      out.push(
        '### Scale (bench/scale.bench.mjs; native = bench/native_eval.py, onnxruntime + numpy/OpenBLAS, same threads)',
        '',
        t.markdownTable(['work', 'app', 'native', 'app / native', 'runs', 'target'], rows),
        '',
      );
    }
  }
  out.push(...rankMarkdown(ex.rank, t));
  if (ex.encoder) {
    const e = Object.values(ex.encoder)[0];
    out.push(
      ex.encoder.error || !e
        ? `Encoder: failed (${ex.encoder.error}).`
        : `Embedding 100 sentences (bench/encoder.bench.mjs, ${e.runtime}): median ${e.medianMs} ms over ${e.timesMs.length} run(s) (session ${e.sessionCreateMs} ms).`,
      '',
    );
  }
  return out.join('\n');
}

/** The Map at research scale: the crossover table and the layout targets with their ratios. */
function mapScaleLines(ex, t) {
  const out = [];
  const cross = ex['mapScale-crossover'];
  if (cross?.error) out.push(`Map kNN crossover: failed (${cross.error}).`, '');
  else if (cross)
    out.push(
      'Map kNN, exact vs approximate (bench/mapScale.bench.mjs crossover; stream points, same ORT kernel):',
      '',
      t.markdownTable(
        ['points', 'exact s', 'approximate s', 'exact / approximate', '10-NN recall'],
        cross.rows.map((r) => [
          r.n,
          (r.exactMs / 1000).toFixed(2),
          (r.approxMs / 1000).toFixed(2),
          `${(r.exactMs / r.approxMs).toFixed(2)}x`,
          r.recall10.toFixed(3),
        ]),
      ),
      '',
    );
  for (const n of [100000, 1000000]) {
    const r = ex[`mapScale-layout-${n}`];
    if (!r) continue;
    if (r.error) {
      out.push(`Map layout of ${n.toLocaleString('en')} points: failed (${r.error}).`, '');
      continue;
    }
    const q = r.python?.quality ?? {};
    const u = r.python?.umap;
    const ours = `the Map's path ${(r.totalMs / 1000).toFixed(1)} s (kNN ${r.knnMethod} ${(r.knnMs / 1000).toFixed(1)} s + layout ${(r.layoutMs / 1000).toFixed(1)} s)`;
    if (u?.status === 'ok') {
      const ratio = r.totalMs / u.totalMs;
      const dq = q.lens - q['umap-learn'];
      out.push(
        `- Map layout, ${n.toLocaleString('en')} points: ${ours} vs umap-learn ${(u.totalMs / 1000).toFixed(1)} s: ` +
          `**${ratio.toFixed(2)}x** its time (target ≤ 1x: ${ratio <= 1 ? 'met' : 'missed'}); ` +
          `10-NN kept ${q.lens.toFixed(3)} vs ${q['umap-learn'].toFixed(3)} (difference ${dq.toFixed(3)}, target within 0.02: ${Math.abs(dq) <= 0.02 || dq > 0 ? 'met' : 'missed'}; sample of ${r.python.sample} points).`,
        '',
      );
    } else
      out.push(
        `- Map layout, ${n.toLocaleString('en')} points: ${ours}; 10-NN kept ${q.lens?.toFixed(3) ?? '–'} (sample of ${r.python?.sample ?? '–'}); umap-learn not run at this size.`,
        '',
      );
  }
  const draw = ex.mapDraw;
  if (draw?.error) out.push(`Map drawing: failed (${draw.error}).`, '');
  else if (draw)
    out.push(
      `Drawing the Map (bench/mapDraw.bench.mjs; ${draw.renderer}): frame intervals and main-thread long tasks (> 50 ms) while the mouse moves:`,
      '',
      t.markdownTable(
        [
          'points',
          'first draw s',
          'gesture',
          'frames/s',
          'p50 / p95 / max frame ms',
          'long tasks (max ms)',
        ],
        draw.rows.flatMap((r) =>
          Object.entries(r.gestures).map(([g, m]) => [
            r.points.toLocaleString('en'),
            (((r.mount.sceneMs ?? r.mount.tracesMs) + r.mount.drawMs) / 1000).toFixed(1),
            g,
            m.fps,
            `${m.frameP50} / ${m.frameP95} / ${m.frameMax}`,
            `${m.longTasks} (${m.longTaskMax})`,
          ]),
        ),
      ),
      '',
    );
  return out;
}
