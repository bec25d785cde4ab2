"""The docs/metrics.md definition, implemented once: used by training (early stopping) and the manifest."""
from __future__ import annotations

import numpy as np

HIT_KS = (1, 5, 10, 20)


def normalize(x: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    """Row-wise L2 normalisation in float64."""
    x = np.asarray(x, dtype=np.float64)
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), eps)


def ranks(pred: np.ndarray, bank: np.ndarray, context_idx: np.ndarray, target_idx: np.ndarray, chunk: int = 512) -> np.ndarray:
    """Rank of each window's target in the bank: 1 + #(non-excluded j != t with score[j] > score[t])."""
    p = normalize(pred)  # [W, D]
    b = normalize(bank)  # [N, D]
    # Score unique rows once and gather, so exact duplicates of the target get bit-identical scores (a tie).
    uniq, inverse = np.unique(b, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    context_idx = np.asarray(context_idx, dtype=np.int64)
    target_idx = np.asarray(target_idx, dtype=np.int64)
    out = np.empty(len(target_idx), dtype=np.int64)
    for s in range(0, len(target_idx), chunk):
        e = min(s + chunk, len(target_idx))
        rows = np.arange(e - s)
        scores = (p[s:e] @ uniq.T)[:, inverse]  # [w, N]
        target_score = scores[rows, target_idx[s:e]].copy()
        scores[rows[:, None], context_idx[s:e]] = -np.inf  # the reader already has its context
        out[s:e] = 1 + (scores > target_score[:, None]).sum(axis=1)
    return out


def evaluate(pred: np.ndarray, bank: np.ndarray, context_idx: np.ndarray, target_idx: np.ndarray) -> dict:
    """Per-split metrics M = {n, cosine_mean, cosine_std, hit1, hit5, hit10, hit20, mrr, mean_rank} (fractions)."""
    p = normalize(pred)
    t = normalize(np.asarray(bank)[np.asarray(target_idx, dtype=np.int64)])
    cos = (p * t).sum(axis=1)
    r = ranks(pred, bank, context_idx, target_idx)
    m = {"n": int(len(r)), "cosine_mean": float(cos.mean()), "cosine_std": float(cos.std())}
    for k in HIT_KS:
        m[f"hit{k}"] = float((r <= k).mean())
    m["mrr"] = float((1.0 / r).mean())
    m["mean_rank"] = float(r.mean())
    return m


def evaluate_split(pred: np.ndarray, split) -> dict:
    """evaluate() with the split's own stream as the bank."""
    return evaluate(pred, split.vectors, split.context_idx, split.target_idx)


def baseline_predictions(contexts: np.ndarray, train_mean: np.ndarray) -> dict[str, np.ndarray]:
    """linear_average, persistence and global_mean predictions for [W, K, D] contexts."""
    contexts = np.asarray(contexts, dtype=np.float64)
    return {
        "linear_average": normalize(contexts.mean(axis=1)),
        "persistence": contexts[:, -1],
        "global_mean": np.broadcast_to(normalize(train_mean), (len(contexts), contexts.shape[2])),
    }


def rounded(m: dict, digits: int = 6) -> dict:
    """Metrics rounded for JSON (n stays an int)."""
    return {k: (v if isinstance(v, int) else round(v, digits)) for k, v in m.items()}
