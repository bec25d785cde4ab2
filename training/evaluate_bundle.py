"""`python -m training evaluate`: the app's evaluation outside the browser, written as a results bundle.

Models run in onnxruntime (CUDA where present, else CPU); the bank search is training/metrics.py's
scan (exact ranks and top-k lists by docs/metrics.md: the window's own context excluded from the bank
by value, ties in the target's favour), in this process or sharded over a Dask cluster (--cluster,
training/cluster.py) with the same result. The bundle format is docs/results-bundle.md; the app opens
it beside its dataset (Data view). Reading the data: bundle_io.py; windows and search:
bundle_search.py; models and baselines: bundle_models.py.
"""
from __future__ import annotations

import json
import platform
import shlex
import time
from pathlib import Path

import numpy as np

from .bundle_io import BundleError, Data, bank_shard, load_data
from .bundle_models import BASELINE_NAMES, load_model, run_baseline, run_model
from .bundle_search import Windows, cosines, cut_windows, search_windows
from .metrics import HIT_KS, TOP, rounded

FORMAT = "lvm-lens-results"
VERSION = 1
METRICS_DEFINITION = "docs/metrics.md (per window: cosine, rank with context excluded by value, ties to the target)"
MANIFEST = "lvm-results.json"


def _log(*args) -> None:
    print(*args, flush=True)  # progress shows while stdout is a file


def summary(cos: np.ndarray, ranks: np.ndarray) -> dict:
    """Per-split metrics with training/metrics.py's keys (fractions)."""
    c = cos.astype(np.float64)
    m = {"n": int(len(ranks)), "cosine_mean": float(c.mean()), "cosine_std": float(c.std())}
    for k in HIT_KS:
        m[f"hit{k}"] = float((ranks <= k).mean())
    m["mrr"] = float((1.0 / ranks).mean())
    m["mean_rank"] = float(ranks.mean())
    return m


def _save(out: Path, name: str, array: np.ndarray, dtype: str) -> str:
    np.save(out / name, np.ascontiguousarray(array, dtype=dtype), allow_pickle=False)
    return name


def evaluate_bundle(data: Data, model_paths: list[Path], out: Path, *, command: list[str], memory_gb: float = 4.0,
                    top: int = TOP, baselines: bool = True, providers: list[str] | None = None,
                    threads: int | None = None, cluster=None, log=_log) -> dict:
    """Evaluate every model (and the baselines) on `data`; write the bundle into `out`; return its manifest.

    cluster: a training.cluster.ClusterBank holding `data`'s bank (None: search in this process).
    """
    import onnxruntime as ort

    t_start = time.perf_counter()
    if data.bank.shape[0] >= 2**31:
        raise BundleError(f"expected a bank under 2^31 rows (ids are int32); found {data.bank.shape[0]}")
    if providers is None:
        have = ort.get_available_providers()
        providers = [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in have]
    models = [load_model(Path(p), providers, threads) for p in model_paths]
    for m in models:
        if m.dim is not None and m.dim != data.dim:
            raise BundleError(f"{m.path.name}: expects {m.dim}-D vectors; {data.name} is {data.dim}-D")
    bank_shard(data, memory_gb)  # value keys of the whole bank (windows are found in it by value)
    where = cluster.describe if cluster is not None else "this process"
    log(f"bank {len(data.bank)} × {data.dim} {data.bank.dtype}: exact scan in {where}")
    out.mkdir(parents=True, exist_ok=True)
    windows: dict[int, Windows] = {}
    manifest_windows = []

    def windows_for(k: int) -> Windows:
        if k not in windows:
            windows[k] = cut_windows(data, k)
            if (windows[k].target_idx < 0).any():
                raise BundleError(f"{int((windows[k].target_idx < 0).sum())} targets are not in the bank")
            manifest_windows.append({"k": k, "n": int(len(windows[k].target_idx)),
                                     "target_rows": _save(out, f"windows.k{k}.target_rows.npy", windows[k].target_idx, "<i4")})
        return windows[k]

    def score(pred: np.ndarray, win: Windows) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
        t0 = time.perf_counter()
        r, ids, sc = search_windows(data, pred, win, top, cluster)
        return cosines(pred, win, data), r, ids, sc, time.perf_counter() - t0

    entries = []
    for m in models:
        k = m.k or data.default_k
        win = windows_for(k)
        t0 = time.perf_counter()
        pred = run_model(m, data, win)
        predict_s = time.perf_counter() - t0
        cos, r, ids, sc, rank_s = score(pred, win)
        files = {
            "predictions": _save(out, f"{m.id}.predictions.npy", pred, "<f2"),
            "cosines": _save(out, f"{m.id}.cosines.npy", cos, "<f4"),
            "ranks": _save(out, f"{m.id}.ranks.npy", r, "<i4"),
            "top_ids": _save(out, f"{m.id}.top_ids.npy", ids, "<i4"),
            "top_scores": _save(out, f"{m.id}.top_scores.npy", sc, "<f4"),
        }
        metrics = rounded(summary(cos, r))
        entries.append({"id": m.id, "name": m.name, "file": m.path.name, "sha256": m.sha256, "k": k, "dim": data.dim,
                        "n": int(len(r)), "provider": m.session.get_providers()[0], "predict_seconds": round(predict_s, 3),
                        "rank_seconds": round(rank_s, 3), "files": files, "metrics": metrics})
        log(f"[{m.id}] K={k} n={len(r)} predict {predict_s:.1f}s rank {rank_s:.1f}s {metrics}")
    base = []
    if baselines:
        for k in sorted({e["k"] for e in entries} or {data.default_k}):
            win = windows_for(k)
            for bid, bname in BASELINE_NAMES.items():
                if bid == "global_mean" and (data.train_mean is None or data.train_mean.shape != (data.dim,)):
                    continue
                cos, r, _, _, rank_s = score(run_baseline(bid, data, win), win)
                base.append({"id": bid, "name": bname, "k": k, "n": int(len(r)), "rank_seconds": round(rank_s, 3),
                             "metrics": rounded(summary(cos, r))})
                log(f"[{bid}] K={k} rank {rank_s:.1f}s {base[-1]['metrics']}")
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "metrics_definition": METRICS_DEFINITION,
        "command": shlex.join(command),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "tools": {"python": platform.python_version(), "numpy": np.__version__, "onnxruntime": ort.__version__,
                  **({"distributed": cluster.version} if cluster is not None else {})},
        "dataset": {"name": data.name, "kind": data.kind, "rows": int(len(data.bank)), "dim": data.dim,
                    "sha256": data.sha256, "hashed": data.hashed, **data.meta},
        "retrieval": {"top_k": "exact, training/metrics.py scan (float32 BLAS per block; cells within the float32 "
                      "error bound of a decision re-scored in float64)", "ranks": "exact, the same scan",
                      "where": where, "top": top},
        "windows": sorted(manifest_windows, key=lambda w: w["k"]),
        "models": entries,
        "baselines": base,
        "seconds": round(time.perf_counter() - t_start, 3),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def main(args, argv: list[str]) -> dict:
    """The `evaluate` subcommand (arguments parsed in training/__main__.py; argv recorded as the command)."""
    data = load_data(args.data, args.split, args.article_ids, args.train_mean)
    paths = [Path(p) for p in args.models]
    providers = ["CPUExecutionProvider"] if args.cpu else None
    cluster = None
    if args.cluster:
        from .cluster import connect

        cluster = connect(args.cluster, data.bank, args.memory_gb, args.shards)
    try:
        return evaluate_bundle(data, paths, Path(args.out), command=["python", "-m", "training", *argv],
                               memory_gb=args.memory_gb, top=args.top, baselines=not args.no_baselines,
                               providers=providers, threads=args.threads, cluster=cluster)
    finally:
        if cluster is not None:
            cluster.close()
