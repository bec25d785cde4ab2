"""umap-learn on the points bench/umap.bench.mjs lays out, for comparison with the Map's UMAP.

Same points as bench/umapBench.ts's loadVectors (val then OOD shipped vectors, padded with
normalised pair means of consecutive sentences of one article), same parameters (n_neighbors 15,
min_dist 0.1, 200 epochs, cosine, seed 42), same quality score (10-NN kept, exact cosine kNN).
Optional: prints {"status": "not installed"} without umap-learn. One JSON line on stdout.

Run from the repo root: python bench/umap_learn_bench.py --n 10000 [--threads 2]
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "public" / "data"


def load_points(n: int) -> tuple[np.ndarray, str]:
    manifest = json.loads((DATA / "dataset.json").read_text())
    parts = []
    for split in ("val", "ood"):
        files = manifest["splits"][split]
        x = np.load(DATA / files["vectors"]).astype(np.float32)
        article = json.loads((DATA / files["sentences"]).read_text())["article"]
        parts.append((x, article))
    real = np.concatenate([p[0] for p in parts])[:n]
    pads = []
    for x, article in parts:
        for i in range(len(article) - 1):
            if len(real) + len(pads) >= n:
                break
            if article[i] == article[i + 1]:
                pads.append((x[i] + x[i + 1]) / 2)
    x = np.concatenate([real, np.array(pads, dtype=np.float32).reshape(-1, real.shape[1])])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x, f"{len(real)} real sentence vectors + {len(pads)} pair-mean predictions"


def preservation(x: np.ndarray, emb: np.ndarray, k: int = 10) -> float:
    kept = 0.0
    for start in range(0, len(x), 1024):
        sim = x[start : start + 1024] @ x.T
        d2 = ((emb[start : start + 1024, None, :] - emb[None, :, :]) ** 2).sum(-1)
        for r in range(sim.shape[0]):
            i = start + r
            sim[r, i] = -np.inf
            d2[r, i] = np.inf
        hi = np.argpartition(-sim, k, axis=1)[:, :k]
        lo = np.argpartition(d2, k, axis=1)[:, :k]
        kept += sum(len(set(a) & set(b)) / k for a, b in zip(hi, lo))
    return kept / len(x)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    try:
        import umap
    except ImportError:
        print(json.dumps({"status": "not installed", "note": "pip install umap-learn"}))
        return
    x, source = load_points(args.n)
    # numba compiles on first use: fit a subset first so the timing is the algorithm's. From 4096
    # points on umap-learn switches from exact kNN to pynndescent, so the warm-up must cross it.
    t = time.perf_counter()
    warm = x[: min(len(x), 4200)]
    umap.UMAP(n_neighbors=15, n_epochs=10, metric="cosine", random_state=0).fit_transform(warm)
    warmup = time.perf_counter() - t
    t = time.perf_counter()
    # random_state makes umap-learn single-threaded; without it numba uses every core
    reducer = umap.UMAP(n_neighbors=15, min_dist=0.1, n_epochs=200, metric="cosine", random_state=args.seed)
    emb = reducer.fit_transform(x)
    total = time.perf_counter() - t
    print(
        json.dumps(
            {
                "status": "ok",
                "n": len(x),
                "source": source,
                "method": f"umap-learn {umap.__version__} (pynndescent, cosine, random_state={args.seed}: 1 thread)",
                "totalMs": total * 1000,
                "jitWarmupMs": warmup * 1000,
                "quality": preservation(x, emb.astype(np.float32)),
                "numbaThreads": os.environ.get("NUMBA_NUM_THREADS", "default"),
            }
        )
    )


if __name__ == "__main__":
    main()
