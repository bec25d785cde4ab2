"""The training objective: InfoNCE with a learned temperature over in-batch targets plus hard
negatives drawn from each window's own document, and LAMBDA * (1 - cos).

The evaluation ranks a target against its own document's neighbours (docs/metrics.md), so the
negatives that matter are same-document sentences; in-batch targets (mostly other documents) alone
are easy. Every negative that is the window's own context, its target, or a bit-identical copy of
either is masked, as the evaluation excludes them.
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

NEGATIVES = 16  # same-document negatives per window
LAMBDA = 8.0  # weight of (1 - cos), chosen on val with AMN (training/README.md)
TAU_INIT = 0.07


class Objective(torch.nn.Module):
    """Holds the learned log inverse temperature (trained with the model, never exported)."""

    def __init__(self, lam: float = LAMBDA):
        super().__init__()
        self.log_scale = torch.nn.Parameter(torch.tensor(math.log(1 / TAU_INIT)))
        self.lam = lam

    def forward(self, pred: torch.Tensor, target: torch.Tensor, negatives: torch.Tensor | None = None,
                neg_mask: torch.Tensor | None = None) -> torch.Tensor:
        """pred, target [B, D]; negatives [B, N, D] with neg_mask [B, N] (True = not a negative)."""
        pred = F.normalize(pred, dim=-1)
        target = F.normalize(target, dim=-1)
        scale = self.log_scale.clamp(max=math.log(100.0)).exp()
        cos = (pred * target).sum(-1)  # [B]
        logits = (pred @ target.T) * scale  # [B, B]; scaled before masking: -inf * scale has no gradient NaN
        # a bit-identical copy of a window's target elsewhere in the batch is not a negative
        same = (target @ target.T > 1 - 1e-6) & ~torch.eye(len(target), dtype=torch.bool)
        logits = logits.masked_fill(same, -torch.inf)
        if negatives is not None:
            hard = torch.einsum("bd,bnd->bn", pred, F.normalize(negatives, dim=-1)) * scale  # [B, N]
            logits = torch.cat([logits, hard.masked_fill(neg_mask, -torch.inf)], dim=1)
        nce = F.cross_entropy(logits, torch.arange(len(pred)))
        return nce + self.lam * (1 - cos).mean()


def document_bounds(article: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """[N] start and end (exclusive) of each stream row's document (rows of a document are contiguous)."""
    change = np.flatnonzero(np.diff(article)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(article)]])
    run = np.repeat(np.arange(len(starts)), ends - starts)
    return starts[run], ends[run]


def hard_negatives(vectors: np.ndarray, bounds: tuple[np.ndarray, np.ndarray], ctx: np.ndarray, tgt: np.ndarray,
                   rng: np.random.Generator, n: int = NEGATIVES) -> tuple[torch.Tensor, torch.Tensor]:
    """n rows of each window's own document ([B, n, D]) and the mask of those that are not negatives:
    the window's context rows, its target, and any row bit-identical to one of them."""
    start, end = bounds[0][tgt], bounds[1][tgt]  # [B]
    rows = start[:, None] + (rng.random((len(tgt), n)) * (end - start)[:, None]).astype(np.int64)  # [B, n]
    neg = vectors[rows]  # [B, n, D]
    own = np.concatenate([ctx, tgt[:, None]], axis=1)  # [B, K+1]
    mask = (rows[:, :, None] == own[:, None, :]).any(-1)  # [B, n]
    same_value = np.einsum("bnd,bkd->bnk", neg, vectors[own]) > 1 - 1e-6  # unit rows: equal iff cos 1
    mask |= same_value.any(-1)
    return torch.from_numpy(neg), torch.from_numpy(mask)
