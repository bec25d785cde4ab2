"""umap-learn on the map-at-scale points, and the 10-NN kept of its layout and the Map's, scored
the same way (bench/mapScale.bench.mjs runs it after the Map's layout).

Points: raw float32 [n, 384] from bench/make_map_points.py. umap-learn: n_neighbors 15, min_dist 0.1,
200 epochs, cosine, random_state 42 (pynndescent above 4,096 points; random_state makes it one
thread), after a JIT warm-up on 4,200 points that is not timed. Quality: for a seeded sample of
`--sample` points, the share of each one's 10 exact cosine neighbours among all n points that are
among its 10 nearest in 2-D (among all n): the same definition as src/projection/quality.ts
neighbourPreservation, on a sample because the exact graph of a million points is out of reach.

Run: python bench/map_scale_learn.py --points bench/.data/points-100000.f32
       [--embedding lens=bench/tmp/lens-100000.f32] [--skip-umap] [--sample 2000]
One JSON line on stdout.
"""
from __future__ import annotations

import argparse
import json
import time

import numpy as np


def kept(x: np.ndarray, emb: np.ndarray, sample: np.ndarray, k: int = 10) -> float:
    total = 0.0
    rows = max(1, 2**25 // len(x))  # [rows, n] score matrices near 128 MB
    for start in range(0, len(sample), rows):
        idx = sample[start : start + rows]
        sim = x[idx] @ x.T
        d2 = (emb[idx, 0, None] - emb[None, :, 0]) ** 2 + (emb[idx, 1, None] - emb[None, :, 1]) ** 2
        sim[np.arange(len(idx)), idx] = -np.inf
        d2[np.arange(len(idx)), idx] = np.inf
        hi = np.argpartition(-sim, k, axis=1)[:, :k]
        lo = np.argpartition(d2, k, axis=1)[:, :k]
        total += sum(len(set(a) & set(b)) / k for a, b in zip(hi, lo))
    return total / len(sample)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", required=True)
    ap.add_argument("--embedding", action="append", default=[], help="name=file of float32 [n, 2]")
    ap.add_argument("--skip-umap", action="store_true")
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    x = np.fromfile(args.points, dtype="<f4").reshape(-1, 384)
    n = len(x)
    sample = np.random.default_rng(0).choice(n, size=min(n, args.sample), replace=False)
    out: dict = {"n": n, "points": args.points, "sample": len(sample), "quality": {}}
    for spec in args.embedding:
        name, path = spec.split("=", 1)
        out["quality"][name] = kept(x, np.fromfile(path, dtype="<f4").reshape(-1, 2), sample)
    if not args.skip_umap:
        try:
            import umap
        except ImportError:
            out["umap"] = {"status": "not installed", "note": "pip install umap-learn"}
        else:
            t = time.perf_counter()
            umap.UMAP(n_neighbors=15, n_epochs=10, metric="cosine", random_state=0).fit_transform(x[:4200])
            warmup = time.perf_counter() - t
            t = time.perf_counter()
            reducer = umap.UMAP(n_neighbors=15, min_dist=0.1, n_epochs=200, metric="cosine", random_state=args.seed)
            emb = reducer.fit_transform(x).astype(np.float32)
            total = time.perf_counter() - t
            out["umap"] = {
                "status": "ok",
                "method": f"umap-learn {umap.__version__} (pynndescent, cosine, random_state={args.seed}: 1 thread)",
                "totalMs": total * 1000,
                "jitWarmupMs": warmup * 1000,
            }
            out["quality"]["umap-learn"] = kept(x, emb, sample)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
