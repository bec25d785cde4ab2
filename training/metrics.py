"""The docs/metrics.md definition, implemented once in Python: used by training (early stopping), the
manifest, the results bundle (`python -m training evaluate`, on one process or a Dask cluster) and
bench/native_eval.py. The rank rule is scan() over BankShards + merge_scans(); ranks() and top_k()
are it on one shard. fixtures/rank/golden.json holds it equal to src/metrics/ (Vitest reads it too)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .bank_shard import BankShard, unit_rows

HIT_KS = (1, 5, 10, 20)
TOP = 10  # neighbours per window (src/predictors/evaluation.ts EVAL_TOP)


def normalize(x: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    """Row-wise L2 normalisation in float64."""
    x = np.asarray(x, dtype=np.float64)
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), eps)


def value_groups(bank: np.ndarray) -> np.ndarray:
    """[N] group id of each bank row: the first row whose float32 values are bit-identical to it."""
    return BankShard(bank, memory_gb=0).locate(np.asarray(bank))


def locate_by_value(bank: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """First bank row bit-identical to each vector ([..., D] -> [...]), -1 where the bank has none."""
    return BankShard(bank, memory_gb=0).locate(np.asarray(vectors))


def dot_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Σ a_i·b_i per row pair in float64, left to right (src/metrics/cosine.ts dotRows): a pair's score.

    Products of float32 values are exact in float64 and the order is fixed, so the same pair gives the same
    bits in any process, shard or batch; BLAS does not (its order depends on the matrix shape).
    """
    at, bt = np.asarray(a, np.float64).T, np.asarray(b, np.float64).T
    out = np.zeros(at.shape[1])
    for x, y in zip(at, bt):
        out += x * y
    return out


def score_tolerance(dim: int) -> float:
    """A bound on |float32 BLAS score − dot_rows score| for unit float32 rows of `dim` values.

    Float32 accumulation of D products errs by at most γ_D·Σ|q_i u_i| (γ_D = Du/(1−Du), u = 2⁻²⁴), and
    Σ|q_i u_i| ≤ ‖q‖‖u‖ ≤ (1 + 2u)²; dot_rows itself is within γ_D(float64) of the exact sum. 2Du covers
    both while Du < 0.01; a row whose float32 score is nearer the threshold is re-scored by dot_rows.
    """
    return 2.0 * dim * 2.0**-24


@dataclass
class Queries:
    """What every shard needs to rank one batch of windows (small next to the bank: sent to workers)."""

    q: np.ndarray  # [w, D] unit predictions, float32
    target_score: np.ndarray  # [w] dot_rows(q, unit target)
    target_idx: np.ndarray  # [w] global bank row of the target (-1: not in the bank)
    ctx_window: np.ndarray  # [m] window of each known context vector
    ctx_vectors: np.ndarray  # [m, D] its float32 value as loaded


def queries(pred, targets, target_idx, contexts, known=None) -> Queries:
    """Queries from predictions [w, D], target values [w, D], contexts [w, K, D] (known [w, K]: in the bank)."""
    contexts = np.asarray(contexts, dtype=np.float32)
    known = np.ones(contexts.shape[:2], bool) if known is None else np.asarray(known, bool)
    q = unit_rows(pred)
    cw = np.nonzero(known)[0]
    return Queries(q, dot_rows(q, unit_rows(targets)), np.asarray(target_idx, np.int64), cw, contexts[known])


def merge_top(ids: np.ndarray, scores: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Best `top` of candidate lists [w, c] (id -1 / score -inf = none): score descending, lower row on ties."""
    w = len(ids)
    if top == 0 or ids.shape[1] == 0:
        return np.full((w, top), -1, np.int64), np.full((w, top), -np.inf)
    rows = np.repeat(np.arange(w), ids.shape[1])
    order = np.lexsort((np.where(ids < 0, np.iinfo(np.int64).max, ids).ravel(), -scores.ravel(), rows))
    pick = order.reshape(w, -1)[:, :top]
    out_ids, out_scores = ids.ravel()[pick], scores.ravel()[pick]
    if pick.shape[1] < top:
        pad = top - pick.shape[1]
        out_ids = np.pad(out_ids, ((0, 0), (0, pad)), constant_values=-1)
        out_scores = np.pad(out_scores, ((0, 0), (0, pad)), constant_values=-np.inf)
    return out_ids, out_scores


def scan(shard: BankShard, qs: Queries, top: int = TOP, qrows: int = 1024) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One shard's part of docs/metrics.md: per window the count of non-excluded rows scoring strictly above
    the target, and its best `top` non-excluded rows (global ids, dot_rows scores).

    Float32 BLAS scores every block; only cells within score_tolerance of a decision (the target's score,
    the running top-`top` threshold) are re-scored with dot_rows, so the result is exactly the dot_rows
    rule however the bank is split: counts add and top lists merge across shards. Each bank block is
    made unit once and scored against `qrows` windows at a time.
    """
    w, tol = len(qs.q), score_tolerance(shard.dim)
    vi, rows = shard.matches(qs.ctx_vectors)  # excluded by value: rows equal to a context vector ...
    ex_w = qs.ctx_window[vi]
    keep = rows + shard.offset != qs.target_idx[ex_w]  # ... except the target row itself
    order = np.argsort(rows[keep], kind="stable")
    ex_w, ex_r = ex_w[keep][order], rows[keep][order]
    above = np.zeros(w, np.int64)
    best_ids, best = np.full((w, top), -1, np.int64), np.full((w, top), -np.inf)
    for b0, b1 in shard.blocks():
        unit = shard.block(b0, b1)
        e0, e1 = np.searchsorted(ex_r, [b0, b1])  # this block's excluded pairs
        for a0 in range(0, w, qrows):
            a1 = min(a0 + qrows, w)
            q, t = qs.q[a0:a1], qs.target_score[a0:a1]
            s = q @ unit.T  # [w, b] float32
            bw, br = ex_w[e0:e1], ex_r[e0:e1]
            inq = (bw >= a0) & (bw < a1)
            s[bw[inq] - a0, br[inq] - b0] = -np.inf
            hi, lo = _f32(t + tol, np.inf), _f32(t - tol, -np.inf)  # float32 bounds: 3x faster compares
            n_hi = (s > hi[:, None]).view(np.uint8).sum(axis=1, dtype=np.int64)
            above[a0:a1] += n_hi
            near = np.nonzero((s >= lo[:, None]).view(np.uint8).sum(axis=1, dtype=np.int64) > n_hi)[0]
            if len(near):  # windows with cells too close to call in float32: those cells by dot_rows
                sub = s[near]
                nw, nc = np.nonzero((sub >= lo[near, None]) & (sub <= hi[near, None]))
                nw = near[nw]
                exact = dot_rows(q[nw], unit[nc])
                above[a0:a1] += np.bincount(nw[exact > t[nw]], minlength=a1 - a0)
            if top:
                best_ids[a0:a1], best[a0:a1] = _enter_top(s, q, unit, b0 + shard.offset, best_ids[a0:a1], best[a0:a1], tol)
    return above, best_ids, best


def _f32(x: np.ndarray, toward: float) -> np.ndarray:
    """float64 bounds as float32, rounded outward (toward ±inf) so a float32 compare never narrows them."""
    y = x.astype(np.float32)
    return np.where(y.astype(np.float64) * np.sign(toward) < x * np.sign(toward), np.nextafter(y, np.float32(toward)), y)


def _enter_top(s, q, unit, offset, best_ids, best, tol):
    """Running top lists with a block's scores s [w, b] folded in (rows offset..), candidates re-scored."""
    w, top = best.shape
    floor = best[:, -1] - tol  # a row scoring at least the running top-th may enter (ties: lower row)
    if np.isneginf(floor).any():  # lists not full yet: the block's own top-th decides
        k = min(top, s.shape[1])
        kth = -np.partition(-s, k - 1, axis=1)[:, k - 1] - 2 * tol
        floor = np.where(np.isneginf(floor), kth, floor)
    floor = _f32(floor, -np.inf)
    cw, cc = np.nonzero((s >= floor[:, None]) & (s > -np.inf) if np.isneginf(floor).any() else s >= floor[:, None])
    exact = dot_rows(q[cw], unit[cc])
    per = np.bincount(cw, minlength=w)
    slot = np.arange(len(cw)) - np.repeat(np.cumsum(per) - per, per)
    cand_ids = np.full((w, top + per.max(initial=0)), -1, np.int64)
    cand = np.full(cand_ids.shape, -np.inf)
    cand_ids[:, :top], cand[:, :top] = best_ids, best
    cand_ids[cw, top + slot], cand[cw, top + slot] = cc + offset, exact
    return merge_top(cand_ids, cand, top)


def merge_scans(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], top: int = TOP):
    """Shards' (counts, top ids, top scores) -> (ranks, top ids, top scores): counts add, lists merge."""
    above = sum(p[0] for p in parts)
    ids, scores = merge_top(np.concatenate([p[1] for p in parts], axis=1), np.concatenate([p[2] for p in parts], axis=1), top)
    return 1 + above, ids, scores


def search(scan_parts: Callable[[Queries, int], list], batch: Callable[[int, int], Queries], n: int, top: int = TOP,
           chunk: int = 4096) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ranks [n], top ids [n, top] and top scores [n, top] of n windows, `chunk` at a time.

    `batch(s, e)` gives windows s..e as Queries; `scan_parts(queries, top)` returns one scan() per shard:
    [scan(shard, ...)] in one process, one per worker on a cluster (training/cluster.py). Same answer.
    """
    out_r = np.empty(n, np.int64)
    out_i, out_s = np.full((n, top), -1, np.int64), np.full((n, top), -np.inf)
    for s in range(0, n, chunk):
        e = min(s + chunk, n)
        out_r[s:e], out_i[s:e], out_s[s:e] = merge_scans(scan_parts(batch(s, e), top), top)
    return out_r, out_i, out_s


def _bank_search(pred, bank, context_idx, target_idx, top: int):
    bank = np.asarray(bank)
    shard = BankShard(bank)
    context_idx = np.asarray(context_idx, dtype=np.int64).reshape(len(pred), -1)
    t = np.asarray(target_idx, dtype=np.int64) if target_idx is not None else np.full(len(pred), -1)
    pred = np.asarray(pred)

    def batch(s: int, e: int) -> Queries:
        c = context_idx[s:e]
        tv = bank[np.maximum(t[s:e], 0)]  # top_k without targets: the target score is not used
        return queries(pred[s:e], tv, t[s:e], bank[np.maximum(c, 0)], c >= 0)

    return search(lambda qs, k: [scan(shard, qs, k)], batch, len(pred), top)


def ranks(pred: np.ndarray, bank: np.ndarray, context_idx: np.ndarray, target_idx: np.ndarray) -> np.ndarray:
    """Rank of each window's target in the bank: 1 + #(non-excluded j != t with score[j] > score[t]).

    context_idx [W, K] holds a bank row of each context vector (-1 = not in the bank); every bank row
    bit-identical to it is excluded, except the target row itself. Scores: dot_rows of unit float32 rows.
    """
    return _bank_search(pred, bank, context_idx, target_idx, 0)[0]


def top_k(pred: np.ndarray, bank: np.ndarray, context_idx: np.ndarray, k: int = TOP,
          target_idx: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The k best non-excluded bank rows of each prediction: ids [W, k] int64, scores [W, k] (cosines),
    score descending, lower row on ties; -1 / -inf where the bank has fewer rows.

    Excluded as in ranks(); with target_idx given, each window's target row is never excluded (the app's
    rule when a context vector equals the target's value), without it every copy of a context value goes.
    """
    _, ids, scores = _bank_search(pred, bank, context_idx, target_idx, k)
    return ids, scores


def evaluate(pred: np.ndarray, bank: np.ndarray, context_idx: np.ndarray, target_idx: np.ndarray) -> dict:
    """Per-split metrics M = {n, cosine_mean, cosine_std, hit1, hit5, hit10, hit20, mrr, mean_rank} (fractions)."""
    p = normalize(pred)
    t = normalize(np.asarray(bank)[np.asarray(target_idx, dtype=np.int64)])
    cos = (p * t).sum(axis=1)
    return summary(cos, ranks(pred, bank, context_idx, target_idx))


def summary(cos: np.ndarray, rank: np.ndarray) -> dict:
    """M from per-window cosines and ranks: {n, cosine_mean, cosine_std, hit1..hit20, mrr, mean_rank}."""
    m = {"n": int(len(rank)), "cosine_mean": float(cos.mean()), "cosine_std": float(cos.std())}
    for k in HIT_KS:
        m[f"hit{k}"] = float((rank <= k).mean())
    m["mrr"] = float((1.0 / rank).mean())
    m["mean_rank"] = float(rank.mean())
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
