"""Windows of a loaded dataset and their bank search: ranks and top-k lists by training/metrics.py's
scan over the bank, in this process or sharded over a Dask cluster (training/cluster.py)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bundle_io import BundleError, Data, bank_shard
from .metrics import TOP, Queries, queries, scan, search


@dataclass
class Windows:
    """Windows of one K: where each target and context vector sits in the bank (-1: nowhere)."""

    k: int
    target_idx: np.ndarray  # [W] int64
    context_idx: np.ndarray  # [W, K] int64

    def contexts(self, data: Data, s: int, e: int) -> np.ndarray:
        """Contexts of windows s..e as float32 [w, K, D] (gathered from the memory map)."""
        if data.kind == "windows":
            return np.asarray(data.contexts[s:e, data.contexts.shape[1] - self.k :], dtype=np.float32)
        idx = self.context_idx[s:e]
        return np.asarray(data.bank[idx.reshape(-1)], dtype=np.float32).reshape(e - s, self.k, data.dim)


def cut_windows(data: Data, k: int) -> Windows:
    """src/data/windows.ts: K consecutive rows of one article + the next; a windows file keeps its last K."""
    if data.kind == "stream":
        n = len(data.bank)
        starts = np.zeros(n, dtype=bool)
        starts[0] = True
        if data.article_ids is not None:
            starts[1:] = data.article_ids[1:] != data.article_ids[:-1]
        run_start = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
        targets = np.nonzero(np.arange(n) - run_start >= k)[0].astype(np.int64)
        return Windows(k, targets, targets[:, None] - k + np.arange(k))
    kf = data.contexts.shape[1]
    if k > kf:
        raise BundleError(f"windows of K = {kf}: expected K >= {k} for this model")
    if data.bank is data.targets:
        target_idx = np.arange(len(data.targets), dtype=np.int64)
    else:
        target_idx = bank_shard(data).locate(data.targets)
    ctx = bank_shard(data).locate(data.contexts[:, kf - k :])
    return Windows(k, target_idx, ctx)



def search_windows(data: Data, pred: np.ndarray, win: Windows, top: int = TOP, cluster=None,
                   chunk: int = 4096) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ranks [W], top ids [W, top] and top scores [W, top] of each window's prediction (docs/metrics.md).

    One shard (the whole bank, unit rows held while they fit) here, or the cluster's shards: the
    same scan, the counts added and the lists merged, so the answer is identical either way.
    """

    def batch(s: int, e: int) -> Queries:
        t = win.target_idx[s:e]
        targets = np.asarray(data.bank[t], dtype=np.float32)
        return queries(pred[s:e], targets, t, win.contexts(data, s, e), win.context_idx[s:e] >= 0)

    if cluster is None:
        shard = bank_shard(data)
        return search(lambda qs, k: [scan(shard, qs, k)], batch, len(pred), top, chunk)
    return search(cluster.scan_parts, batch, len(pred), top, chunk)


def cosines(pred: np.ndarray, win: Windows, data: Data) -> np.ndarray:
    """cos(prediction, target) per window, as the app's cosineRows (float64 sums)."""
    if data.kind == "windows":
        tgt = np.asarray(data.targets, dtype=np.float64)
    else:
        tgt = np.asarray(data.bank[win.target_idx], dtype=np.float64)
    p = pred.astype(np.float64)
    denom = np.linalg.norm(p, axis=1) * np.linalg.norm(tgt, axis=1)
    return np.where(denom > 0, (p * tgt).sum(axis=1) / np.where(denom > 0, denom, 1), 0).astype(np.float32)
