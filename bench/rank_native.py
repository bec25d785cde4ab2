"""The rank step alone, for bench/rank.bench.mjs: its inputs, and the native numpy/OpenBLAS brute force.

  python bench/rank_native.py prepare [--out bench/tmp/rank] [--sets ood,stream20k,bank640k] [--limit N]
  python bench/rank_native.py run DIR [--threads N]

`prepare` writes one folder per (data set, predictor) with bank.npy (as stored: float16 or
float32), queries.npy <f4 [n, D], target_idx.npy and context_idx.npy <i4 (bank rows; the context's
value group is excluded, docs/metrics.md). Data: the shipped OOD split (public/data; windows of
K=5 within an article) and, when scripts/make_scale_data.py has written them to bench/.data,
stream20k.npz and bank640k/ (the bank is linked, not copied). Predictors: the linear average
(ranks small) and the global mean (ranks large: the hard case for a first pass); AMN on OOD when
onnxruntime is installed.

`run` times the brute force on one folder: unit bank rows in float32 (a float16 bank widened one
chunk at a time), S = Q @ Uᵀ per block on OpenBLAS, greater counts with the exclusion (cells
within float32 error of the target's score decided again in float64), top 10 by argpartition. Prints one JSON line: seconds, GFLOP/s (2·n·m·D per second) and the ranks.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

if "run" in sys.argv:  # OpenBLAS reads its thread count when numpy is imported
    i = sys.argv.index("--threads") if "--threads" in sys.argv else -1
    os.environ["OPENBLAS_NUM_THREADS"] = sys.argv[i + 1] if i > 0 else str(os.cpu_count() or 1)

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
K = 5
CHUNK = 16384
BLOCK = 512


def unit(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    n = np.linalg.norm(x.astype(np.float64), axis=1, keepdims=True)
    return (x / np.maximum(n, 1e-30)).astype(np.float32)


def stream_windows(articles: np.ndarray):
    """(target rows, context rows [n, K]) of every window of K within one article."""
    targets = [p for p in range(K, len(articles)) if (articles[p - K : p + 1] == articles[p]).all()]
    t = np.array(targets, dtype=np.int32)
    return t, (t[:, None] - K + np.arange(K)).astype(np.int32)


def predictors(bank32: np.ndarray, ctx: np.ndarray, mean: np.ndarray, amn: bool) -> dict:
    contexts = bank32[ctx]  # [n, K, D]
    out = {"linear": unit(contexts.mean(axis=1)), "mean": np.tile(unit(mean[None]), (len(ctx), 1))}
    if amn:
        try:
            import onnxruntime as ort

            s = ort.InferenceSession(str(ROOT / "public/models/amn.onnx"))
            out["amn"] = s.run(["prediction"], {"context": contexts.astype(np.float32)})[0]
        except ImportError:
            pass
    return out


def write(out: Path, name: str, bank_file: Path, bank, queries, target, ctx) -> None:
    d = out / name
    d.mkdir(parents=True, exist_ok=True)
    link = d / "bank.npy"
    if link.exists() or link.is_symlink():
        link.unlink()
    if bank_file is not None:
        link.symlink_to(bank_file.resolve())
    else:
        np.save(link, bank)
    np.save(d / "queries.npy", queries.astype(np.float32))
    np.save(d / "target_idx.npy", target.astype(np.int32))
    np.save(d / "context_idx.npy", ctx.astype(np.int32))
    print(f"{d}: bank {bank.shape} {bank.dtype}, {len(queries)} queries", file=sys.stderr)


def prepare(out: Path, sets: list[str], limit: int) -> None:
    if "ood" in sets:
        meta = json.loads((ROOT / "public/data/dataset.json").read_text())
        info = meta["splits"]["ood"]
        bank = np.load(ROOT / "public/data" / info["vectors"])
        articles = np.array(json.loads((ROOT / "public/data" / info["sentences"]).read_text())["article"])
        t, c = stream_windows(articles)
        mean = np.load(ROOT / "public/data/train_mean.npy")
        for p, q in predictors(bank.astype(np.float32), c, mean, True).items():
            write(out, f"ood-{p}", None, bank, q[:limit], t[:limit], c[:limit])
    data = ROOT / "bench/.data"
    if "stream20k" in sets and (data / "stream20k.npz").exists():
        z = np.load(data / "stream20k.npz")
        bank = z["vectors"]
        t, c = stream_windows(z["article_ids"])
        for p, q in predictors(bank, c, unit(bank).mean(axis=0), False).items():
            write(out, f"stream20k-{p}", None, bank, q[:limit], t[:limit], c[:limit])
    if "bank640k" in sets and (data / "bank640k/bank.npy").exists():
        bank = np.load(data / "bank640k/bank.npy", mmap_mode="r")
        n = len(np.load(data / "bank640k/targets.npy", mmap_mode="r"))
        w = np.arange(n)  # the windows were cut from the bank's own articles of 30
        start = (w // (30 - K)) * 30 + w % (30 - K)
        t, c = start + K, start[:, None] + np.arange(K)
        ctx32 = np.asarray(bank[c[:limit].reshape(-1)], dtype=np.float32).reshape(-1, K, bank.shape[1])
        q = {"linear": unit(ctx32.mean(axis=1))}
        write(out, "bank640k-linear", data / "bank640k/bank.npy", bank, q["linear"], t[:limit], c[:limit])


def unit64(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-300)


def groups(bank: np.ndarray) -> np.ndarray:
    """[m] first row with the same bits (value groups, docs/metrics.md)."""
    rows = np.ascontiguousarray(bank).view(np.dtype((np.void, bank.dtype.itemsize * bank.shape[1])))
    _, first, inverse = np.unique(rows.reshape(-1), return_index=True, return_inverse=True)
    return first[inverse]


def excluded_pairs(g: np.ndarray, ctx: np.ndarray, target: np.ndarray):
    """(query, row) of every excluded cell: rows in a context's value group, never the target."""
    members: dict[int, list[int]] = {}
    wanted = set(g[ctx[ctx >= 0]].tolist())
    for j in np.flatnonzero(np.isin(g, list(wanted))).tolist():
        members.setdefault(int(g[j]), []).append(j)
    qs, js = [], []
    for i in range(len(ctx)):
        rows = {j for c in ctx[i] if c >= 0 for j in members[int(g[c])]} - {int(target[i])}
        qs += [i] * len(rows)
        js += sorted(rows)
    return np.array(qs, dtype=np.int64), np.array(js, dtype=np.int64)


def run(d: Path) -> dict:
    bank = np.load(d / "bank.npy", mmap_mode="r")
    q = np.load(d / "queries.npy")
    target = np.load(d / "target_idx.npy").astype(np.int64)
    ctx = np.load(d / "context_idx.npy").astype(np.int64)
    m, dim = bank.shape
    n = len(q)
    g = groups(np.asarray(bank))  # set-up, not timed (the app groups once per bank too)
    ex_q, ex_j = excluded_pairs(g, ctx, target)
    keep = 10 + max(1, int(np.bincount(ex_q, minlength=n).max()) if len(ex_q) else 1)
    t0 = time.perf_counter()
    q64 = q.astype(np.float64)
    tscore64 = np.einsum("nd,nd->n", q64, unit64(np.asarray(bank[target])))
    tscore = tscore64.astype(np.float32)
    # float32 products of D terms err by at most D·2⁻²⁴·|q| (unit rows): cells that close to the
    # target's score are decided again in float64
    tol = (dim * 2.0**-23 * np.linalg.norm(q64, axis=1)).astype(np.float32)
    greater = np.zeros(n, dtype=np.int64)
    top_s = np.full((n, keep), -np.inf, dtype=np.float32)
    top_i = np.zeros((n, keep), dtype=np.int64)
    for c0 in range(0, m, CHUNK):
        u = unit(bank[c0 : c0 + CHUNK])  # widened and normalised one chunk at a time
        in_chunk = (ex_j >= c0) & (ex_j < c0 + len(u))
        for b0 in range(0, n, BLOCK):
            s = q[b0 : b0 + BLOCK] @ u.T  # [b, chunk]
            cells = in_chunk & (ex_q >= b0) & (ex_q < b0 + BLOCK)
            s[ex_q[cells] - b0, ex_j[cells] - c0] = -np.inf  # excluded rows neither count nor show
            ts, tl = tscore[b0 : b0 + BLOCK, None], tol[b0 : b0 + BLOCK, None]
            greater[b0 : b0 + BLOCK] += (s > ts + tl).sum(axis=1)
            qi, cj = np.nonzero((s <= ts + tl) & (s >= ts - tl))
            if len(qi):
                exact = np.einsum("nd,nd->n", q64[b0 + qi], unit64(np.asarray(bank[c0 + cj])))
                np.add.at(greater, b0 + qi, exact > tscore64[b0 + qi])
            kk = min(keep, s.shape[1])
            part = np.argpartition(-s, kk - 1, axis=1)[:, :kk]
            both_s = np.concatenate([top_s[b0 : b0 + BLOCK], np.take_along_axis(s, part, 1)], axis=1)
            both_i = np.concatenate([top_i[b0 : b0 + BLOCK], part + c0], axis=1)
            order = np.argsort(-both_s, axis=1, kind="stable")[:, :keep]
            top_s[b0 : b0 + BLOCK] = np.take_along_axis(both_s, order, 1)
            top_i[b0 : b0 + BLOCK] = np.take_along_axis(both_i, order, 1)
    seconds = time.perf_counter() - t0
    return {
        "threads": int(os.environ["OPENBLAS_NUM_THREADS"]),
        "n": n,
        "m": m,
        "d": dim,
        "seconds": seconds,
        "gflops": 2 * n * m * dim / seconds / 1e9,
        "ranks": (1 + greater).tolist(),
        "top10": top_i[:, :10].tolist(),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", default="bench/tmp/rank")
    p.add_argument("--sets", default="ood,stream20k,bank640k")
    p.add_argument("--limit", type=int, default=None)
    r = sub.add_parser("run")
    r.add_argument("dir")
    r.add_argument("--threads", type=int, default=None)
    a = ap.parse_args()
    if a.cmd == "prepare":
        prepare(Path(a.out), a.sets.split(","), a.limit)
    else:
        print(json.dumps(run(Path(a.dir))))


if __name__ == "__main__":
    main()
