"""Native reference for the scale benchmarks: the same work as the app's Compare, on the CPU.

Models on onnxruntime (Python, --threads intra-op threads, batches of 128 as the app's WASM
sessions), baselines in numpy, then for every predictor exact target ranks and the top 10 against
the whole bank (docs/metrics.md: unit bank rows, context values excluded wherever they recur, ties
in the target's favour) by training/metrics.py's scan with numpy on OpenBLAS: float32 scores in
blocks, greater counts, the few cells within float32 error of a decision re-scored in float64.
A float16 bank stays float16 and is widened one chunk at a time (as the app does).

Run: python bench/native_eval.py --data bench/.data/stream20k.npz [--threads 2] [--k 5]
     python bench/native_eval.py --data bench/.data/bank640k [--threads 2]
Prints one JSON line: seconds per phase and per predictor, and a digest of the ranks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

# OpenBLAS reads its thread count when numpy is imported
_threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else str(os.cpu_count() or 1)
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from training.bank_shard import BankShard, unit_rows  # noqa: E402
from training.metrics import queries, scan, search  # noqa: E402

TOP = 10
CHUNK = 16384  # bank rows widened at a time for a float16 bank
BLOCK = 1024  # queries per score block


def load(path: Path, k: int):
    """(contexts [n,K,D] f32, target row [n], context rows [n,K], bank [m,D] f16 or f32)."""
    if path.is_dir():
        bank = np.load(path / "bank.npy", mmap_mode="r")
        contexts = np.load(path / "contexts.npy").astype(np.float32)
        n = contexts.shape[0]
        # windows were cut from the bank's own rows: 25 windows per article of 30 at K=5
        w = np.arange(n)
        start = (w // (30 - k)) * 30 + w % (30 - k)
        return contexts, start + k, start[:, None] + np.arange(k), np.asarray(bank)
    z = np.load(path)
    vectors, articles = z["vectors"].astype(np.float32), z["article_ids"]
    starts = [i for i in range(len(vectors) - k) if articles[i] == articles[i + k]]
    start = np.array(starts)
    ctx_rows = start[:, None] + np.arange(k)
    return vectors[ctx_rows], start + k, ctx_rows, vectors


def ranks_and_top(pred: np.ndarray, bank: np.ndarray, target: np.ndarray, ctx: np.ndarray, shard=None):
    """Exact ranks and top-10 ids of every prediction: training/metrics.py's scan (the one rank rule in
    Python: float32 BLAS per block, cells too close to call re-scored), over one shard holding the bank."""
    shard = shard if shard is not None else bank_shard(bank)
    values = shard.values

    def batch(s: int, e: int):
        c = ctx[s:e]
        return queries(pred[s:e], values[target[s:e]], target[s:e], values[np.maximum(c, 0)], c >= 0)

    # all predictors in one pass over the bank (each float16 chunk widened once), as before
    ranks, top_i, _ = search(lambda qs, k: [scan(shard, qs, k, qrows=BLOCK)], batch, len(pred), TOP, chunk=len(pred))
    return ranks, top_i


def bank_shard(bank: np.ndarray) -> BankShard:
    """The bank as one shard: a float32 bank made unit once, a float16 bank widened per chunk (as the app)."""
    return BankShard(bank, memory_gb=4.0 if bank.dtype != np.float16 else 0.0, block=CHUNK)


def baselines(contexts: np.ndarray, d: int) -> dict[str, np.ndarray]:
    out = {"linear_average": unit_rows(contexts.mean(1)), "persistence": contexts[:, -1].copy()}
    mean_path = ROOT / "public" / "data" / "train_mean.npy"
    if mean_path.exists():
        mean = np.load(mean_path).astype(np.float32).ravel()
        if mean.shape[0] == d:
            out["global_mean"] = np.tile(unit_rows(mean[None]), (len(contexts), 1))
    return out


def run_model(path: Path, contexts: np.ndarray, threads: int) -> np.ndarray:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    name = sess.get_inputs()[0].name
    out = [sess.run(["prediction"], {name: contexts[i : i + 128]})[0] for i in range(0, len(contexts), 128)]
    return np.concatenate(out).astype(np.float32)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--k", type=int, default=5)
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    contexts, target, ctx, bank = load(Path(a.data), a.k)
    d = contexts.shape[2]
    shard = bank_shard(bank)
    t_load = time.perf_counter() - t0
    preds: dict[str, tuple[np.ndarray, float]] = {}
    manifest = json.loads((ROOT / "public" / "models" / "manifest.json").read_text())
    for m in manifest["models"]:
        if m["D"] == d and m["K"] == a.k:
            t = time.perf_counter()
            pred = run_model(ROOT / "public" / "models" / m["file"], contexts, a.threads)
            preds[m["id"]] = (pred, time.perf_counter() - t)
    t = time.perf_counter()
    for name, pred in baselines(contexts, d).items():
        preds[name] = (pred, time.perf_counter() - t)
        t = time.perf_counter()
    # one pass over the bank for every predictor (queries stacked): each bank chunk is read once
    names = list(preds)
    n = len(contexts)
    t = time.perf_counter()
    ranks_all, _ = ranks_and_top(
        np.concatenate([preds[k][0] for k in names]),
        bank,
        np.tile(target, len(names)),
        np.tile(ctx, (len(names), 1)),
        shard,
    )
    rank_s = time.perf_counter() - t
    per = {}
    digest = hashlib.sha256()
    for i, name in enumerate(names):
        ranks = ranks_all[i * n : (i + 1) * n]
        digest.update(ranks.astype(np.int32).tobytes())
        per[name] = {
            "predict_s": round(preds[name][1], 3),
            "mrr": float(np.mean(1 / ranks)),
            "hit1": float(np.mean(ranks <= 1)),
        }
    total = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "data": a.data,
                "n": int(len(contexts)),
                "bank": list(bank.shape),
                "bank_dtype": str(bank.dtype),
                "threads": a.threads,
                "load_s": round(t_load, 3),
                "predict_s": round(sum(v["predict_s"] for v in per.values()), 3),
                "rank_s": round(rank_s, 3),
                "work_s": round(total - t_load, 3),
                "predictors": per,
                "ranks_sha256": digest.hexdigest(),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
