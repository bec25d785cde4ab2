"""Deterministic synthetic data at scale, for the benchmarks (numpy only).

Run from the repo root:
    python scripts/make_scale_data.py stream20k|stream200k|bank640k|all [--out bench/.data]

Every vector lies on a seeded random walk on the unit sphere that restarts with each article of
30 vectors: v[0] is a random unit vector, v[t+1] = normalise(v[t] + STEP * noise), so consecutive
sentences have cosine about 0.6 and a predictor has something to learn from. Same seed, same
bytes (numpy's PCG64 Generator; elementwise arithmetic only).

Writes (the app opens each as a dataset):
  stream20k.npz   vectors <f4 [20000, 384]   + article_ids <i4 [20000]   (667 articles of 30)
  stream200k.npz  vectors <f4 [200000, 384]  + article_ids <i4 [200000]  (6667 articles of 30)
  bank640k/       bank.npy <f2 [640000, 768] (a 768-D walk, 21334 articles of 30, 0.98 GB)
                  contexts.npy <f2 [4000, 5, 768] + targets.npy <f2 [4000, 768]: the first 4,000
                  windows of K=5 cut from that walk (never across an article), so every target and
                  context is a row of the bank; open the three files together as a windows dataset.
"""

from __future__ import annotations

import argparse
import os
import sys
import zipfile

import numpy as np

ARTICLE = 30
STEP = 0.068  # per-dimension noise: |noise| ~ STEP * sqrt(D) ~ 1.33 at D=384, cosine ~0.6
BANK_K = 5
BANK_WINDOWS = 4000

SETS = {
    # name: (rows, dim, seed)
    "stream20k": (20_000, 384, 20),
    "stream200k": (200_000, 384, 200),
    "bank640k": (640_000, 768, 640),
}


def walk(rows: int, dim: int, seed: int, chunk_articles: int = 512):
    """Yield the walk in blocks of whole articles: (vectors float32 [m, dim], article ids [m])."""
    rng = np.random.default_rng(seed)
    step = STEP * np.sqrt(384 / dim)  # same expected cosine between neighbours at any dim
    articles = -(-rows // ARTICLE)
    for a0 in range(0, articles, chunk_articles):
        # whole chunks are drawn even at the end, so a longer walk starts with the same bytes
        a1 = a0 + chunk_articles
        v = rng.standard_normal((a1 - a0, dim), dtype=np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        out = np.empty((a1 - a0, ARTICLE, dim), np.float32)
        for t in range(ARTICLE):
            out[:, t] = v
            v = v + step * rng.standard_normal(v.shape, dtype=np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
        ids = np.repeat(np.arange(a0, a1, dtype=np.int32), ARTICLE)
        flat = out.reshape(-1, dim)
        end = min(rows - a0 * ARTICLE, flat.shape[0])
        yield flat[:end], ids[:end]


def stream(rows: int, dim: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The whole walk in memory: vectors float32 [rows, dim], article ids int32 [rows]."""
    parts = list(walk(rows, dim, seed))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def write_npz(path: str, arrays: dict[str, np.ndarray]) -> None:
    """An uncompressed .npz with a fixed timestamp, so the same arrays give the same bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for key, arr in arrays.items():
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(2026, 1, 1, 0, 0, 0))
            with z.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.ascontiguousarray(arr), allow_pickle=False)


def make_stream(name: str, out: str, rows: int | None = None) -> str:
    n, dim, seed = SETS[name]
    vectors, article_ids = stream(rows or n, dim, seed)
    path = os.path.join(out, f"{name}.npz")
    write_npz(path, {"vectors": vectors, "article_ids": article_ids})
    return path


def make_bank(out: str, rows: int | None = None, windows: int = BANK_WINDOWS) -> str:
    n, dim, seed = SETS["bank640k"]
    rows = rows or n
    folder = os.path.join(out, "bank640k")
    os.makedirs(folder, exist_ok=True)
    bank = np.lib.format.open_memmap(
        os.path.join(folder, "bank.npy"), mode="w+", dtype="<f2", shape=(rows, dim)
    )
    per_article = ARTICLE - BANK_K
    need = -(-windows // per_article) * ARTICLE  # rows holding the first `windows` windows
    at = 0
    for vectors, _ in walk(rows, dim, seed):
        bank[at : at + len(vectors)] = vectors.astype("<f2")
        at += len(vectors)
    head = np.array(bank[: min(need, rows)])
    bank.flush()
    del bank
    # window w: article w // 25, contexts at offsets j..j+4, target at j+5 (j = w % 25)
    w = np.arange(windows)
    start = (w // per_article) * ARTICLE + w % per_article
    contexts = head[start[:, None] + np.arange(BANK_K)]  # [windows, K, dim]
    targets = head[start + BANK_K]  # [windows, dim]
    np.save(os.path.join(folder, "contexts.npy"), contexts.astype("<f2"))
    np.save(os.path.join(folder, "targets.npy"), targets.astype("<f2"))
    return folder


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("which", choices=["stream20k", "stream200k", "bank640k", "all"])
    p.add_argument("--out", default=os.path.join("bench", ".data"))
    a = p.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    names = ["stream20k", "stream200k", "bank640k"] if a.which == "all" else [a.which]
    for name in names:
        path = make_bank(a.out) if name == "bank640k" else make_stream(name, a.out)
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
