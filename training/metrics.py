"""The docs/metrics.md definition, implemented once: used by training (early stopping) and the manifest."""
from __future__ import annotations

import numpy as np

HIT_KS = (1, 5, 10, 20)


def normalize(x: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    """Row-wise L2 normalisation in float64."""
    x = np.asarray(x, dtype=np.float64)
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), eps)


def _bits(x: np.ndarray) -> np.ndarray:
    """Rows as their float32 bit patterns [N, D] uint32: "by value" means bit-identical float32 rows."""
    x = np.ascontiguousarray(np.asarray(x, dtype=np.float32))
    return x.reshape(len(x), -1).view(np.uint32)


def value_groups(bank: np.ndarray) -> np.ndarray:
    """[N] group id of each bank row: the first row whose float32 values are bit-identical to it."""
    if len(bank) == 0:
        return np.zeros(0, dtype=np.int64)
    _, first, inverse = np.unique(_bits(bank), axis=0, return_index=True, return_inverse=True)
    return first[inverse.reshape(-1)].astype(np.int64)


def locate_by_value(bank: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """First bank row bit-identical to each vector ([..., D] -> [...]), -1 where the bank has none."""
    vectors = np.asarray(vectors)
    flat = vectors.reshape(-1, vectors.shape[-1])
    rows = np.concatenate([_bits(bank), _bits(flat)])
    _, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    found = first[inverse.reshape(-1)][len(bank):]  # a first occurrence below len(bank) is a bank row
    return np.where(found < len(bank), found, -1).astype(np.int64).reshape(vectors.shape[:-1])


def ranks(pred: np.ndarray, bank: np.ndarray, context_idx: np.ndarray, target_idx: np.ndarray, chunk: int = 512) -> np.ndarray:
    """Rank of each window's target in the bank: 1 + #(non-excluded j != t with score[j] > score[t]).

    context_idx [W, K] holds a bank row of each context vector (-1 = not in the bank); every bank row
    bit-identical to it is excluded, except the target row itself.
    """
    p = normalize(pred)  # [W, D]
    b = normalize(bank)  # [N, D]
    # Score unique rows once and gather, so exact duplicates of the target get bit-identical scores (a tie).
    uniq, inverse = np.unique(b, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    group = value_groups(bank)  # [N]
    context_idx = np.asarray(context_idx, dtype=np.int64)
    target_idx = np.asarray(target_idx, dtype=np.int64)
    context_group = np.where(context_idx >= 0, group[np.maximum(context_idx, 0)], -1)  # [W, K]
    out = np.empty(len(target_idx), dtype=np.int64)
    for s in range(0, len(target_idx), chunk):
        e = min(s + chunk, len(target_idx))
        rows = np.arange(e - s)
        scores = (p[s:e] @ uniq.T)[:, inverse]  # [w, N]
        target_score = scores[rows, target_idx[s:e]].copy()
        excluded = np.zeros(scores.shape, dtype=bool)  # [w, N]
        for a in range(context_group.shape[1]):  # the reader already has its context, wherever it recurs
            excluded |= group[None, :] == context_group[s:e, a : a + 1]
        scores[excluded] = -np.inf  # the target's score was read first: its own row never counts
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


def evaluate_windows(pred: np.ndarray, contexts: np.ndarray, targets: np.ndarray, bank: np.ndarray | None = None) -> dict:
    """evaluate() for a windows file (contexts [W, K, D], targets [W, D]); the bank defaults to the targets.

    A windows file has no stream rows, so targets and contexts are found in the bank by value.
    """
    if bank is None:
        bank, target_idx = targets, np.arange(len(targets))
    else:
        target_idx = locate_by_value(bank, targets)
        if (target_idx < 0).any():
            raise ValueError(f"{int((target_idx < 0).sum())} targets are not in the bank")
    return evaluate(pred, bank, locate_by_value(bank, contexts), target_idx)


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
