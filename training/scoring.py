"""Scoring a split the way a researcher would trust: one bank per source, a macro average over
sources, baselines fitted on train, and bootstrap intervals over documents.

A split that mixes sources is scored per source: each window is ranked against its own source's
sentences in that split (context excluded by value, metrics.ranks), and the split's numbers are
the mean over sources (macro), with each source's numbers beside it.
"""
from __future__ import annotations

import numpy as np

from .metrics import normalize, ranks, summary

BOOTSTRAP_REPS = 1000
DIFF_METRICS = ("cosine_mean", "hit5", "mrr")


def source_of_rows(article: np.ndarray, source_by_article: dict[int, str]) -> np.ndarray:
    """[N] source name of each stream row."""
    return np.array([source_by_article[int(a)] for a in article], dtype=object)


def window_scores(pred: np.ndarray, vectors: np.ndarray, article: np.ndarray, row_source: np.ndarray,
                  context_idx: np.ndarray, target_idx: np.ndarray) -> dict[str, np.ndarray]:
    """Per window: cosine, rank in its own source's bank, source and article."""
    p, t = normalize(pred), normalize(vectors[target_idx])
    cos = (p * t).sum(axis=1)
    rank = np.zeros(len(target_idx), dtype=np.int64)
    window_source = row_source[target_idx]
    for source in sorted(set(window_source.tolist())):
        rows = np.flatnonzero(row_source == source)
        local = np.full(len(vectors), -1, dtype=np.int64)
        local[rows] = np.arange(len(rows))
        w = np.flatnonzero(window_source == source)
        rank[w] = ranks(pred[w], vectors[rows], local[context_idx[w]], local[target_idx[w]])
    return {"cos": cos, "rank": rank, "source": window_source, "article": article[target_idx]}


def summarize(scores: dict[str, np.ndarray], digits: int = 6) -> dict:
    """Macro metrics over sources (n: all windows) with `by_source` beside them."""
    by_source = {s: summary(scores["cos"][scores["source"] == s], scores["rank"][scores["source"] == s])
                 for s in sorted(set(scores["source"].tolist()))}
    keys = [k for k in next(iter(by_source.values())) if k != "n"]
    macro = {"n": int(len(scores["rank"])), **{k: float(np.mean([m[k] for m in by_source.values()])) for k in keys}}
    r = lambda m: {k: (v if isinstance(v, int) else round(v, digits)) for k, v in m.items()}  # noqa: E731
    return {**r(macro), "by_source": {s: r(m) for s, m in by_source.items()}}


def score_split(pred: np.ndarray, split, row_source: np.ndarray, context_idx=None, target_idx=None) -> dict:
    """summarize(window_scores(...)) on a split's own windows (or the given ones)."""
    ctx = split.context_idx if context_idx is None else context_idx
    tgt = split.target_idx if target_idx is None else target_idx
    return summarize(window_scores(pred, split.vectors, split.article, row_source, ctx, tgt))


def val_selection(model: dict, average: dict) -> tuple[bool, float]:
    """The selection key of an epoch: (cosine at least the linear average's, MRR), macro over sources."""
    return model["cosine_mean"] >= average["cosine_mean"], model["mrr"]


def _per_window(scores: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {"cosine_mean": scores["cos"], "hit5": (scores["rank"] <= 5).astype(np.float64),
            "mrr": 1.0 / scores["rank"]}


def bootstrap_difference(model: dict[str, np.ndarray], baseline: dict[str, np.ndarray], reps: int = BOOTSTRAP_REPS,
                         seed: int = 0) -> dict[str, dict[str, float]]:
    """model - baseline on the same windows (macro over sources), with a 95% interval from resampling
    whole documents with replacement within each source."""
    a, b = _per_window(model), _per_window(baseline)
    rng = np.random.default_rng(seed)
    sources = sorted(set(model["source"].tolist()))
    out = {}
    for name in DIFF_METRICS:
        diff = a[name] - b[name]
        point, draws = [], []
        for s in sources:
            w = model["source"] == s
            docs, inverse = np.unique(model["article"][w], return_inverse=True)
            sums = np.bincount(inverse, weights=diff[w], minlength=len(docs))
            counts = np.bincount(inverse, minlength=len(docs)).astype(np.float64)
            point.append(sums.sum() / counts.sum())
            pick = rng.integers(0, len(docs), size=(reps, len(docs)))  # [reps, docs]
            draws.append(sums[pick].sum(axis=1) / counts[pick].sum(axis=1))
        macro = np.mean(draws, axis=0)
        lo, hi = np.percentile(macro, [2.5, 97.5])
        out[name] = {"diff": round(float(np.mean(point)), 6), "lo": round(float(lo), 6), "hi": round(float(hi), 6)}
    return out


# Baselines a reviewer asks for first, fitted on train windows.

def fit_recency(contexts: np.ndarray, targets: np.ndarray) -> float:
    """Decay a of the recency-weighted average sum_k a^(K-1-k) x_k with the best train cosine (grid 0.05..1)."""
    grid = np.round(np.arange(0.05, 1.0001, 0.05), 2)
    t = normalize(targets)
    best = max(grid, key=lambda a: float((normalize(recency_average(contexts, a)) * t).sum(axis=1).mean()))
    return float(best)


def recency_average(contexts: np.ndarray, decay: float) -> np.ndarray:
    """sum_k decay^(K-1-k) x_k, normalised ([W, K, D] -> [W, D])."""
    k = contexts.shape[1]
    weights = decay ** np.arange(k - 1, -1, -1, dtype=np.float64)
    return normalize(np.einsum("k,wkd->wd", weights, np.asarray(contexts, dtype=np.float64)))


def fit_linear(contexts: np.ndarray, targets: np.ndarray, mean: np.ndarray) -> dict[str, list[float] | float]:
    """Least-squares w [K], b of sum_k w_k x_k + b * mu ~ y over every dimension of the train windows."""
    x = np.asarray(contexts, dtype=np.float64)  # [W, K, D]
    mu = normalize(mean)  # [D]
    y = np.asarray(targets, dtype=np.float64)  # [W, D]
    feats = np.concatenate([x, np.broadcast_to(mu, (len(x), 1, len(mu)))], axis=1)  # [W, K+1, D]
    gram = np.einsum("wid,wjd->ij", feats, feats)
    rhs = np.einsum("wid,wd->i", feats, y)
    coef = np.linalg.solve(gram, rhs)
    return {"w": [round(float(c), 8) for c in coef[:-1]], "b": round(float(coef[-1]), 8)}


def fitted_linear(contexts: np.ndarray, mean: np.ndarray, fit: dict) -> np.ndarray:
    """The fitted linear predictor, normalised ([W, K, D] -> [W, D])."""
    x = np.asarray(contexts, dtype=np.float64)
    return normalize(np.einsum("k,wkd->wd", np.asarray(fit["w"]), x) + fit["b"] * normalize(mean))
