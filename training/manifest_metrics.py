"""What the manifest reports: the shipped ONNX files run in onnxruntime on the shipped samples (the
app's rule) and on the whole splits (scoring.py: one bank per source, reference baselines fitted on
train, bootstrap differences to the linear average), and the long-context model's context curve."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from .data import Split, make_split
from .metrics import baseline_predictions, evaluate_split, rounded
from .models import predict
from .scoring import (bootstrap_difference, fit_linear, fit_recency, fitted_linear, recency_average, source_of_rows,
                      summarize, window_scores)

BASELINE_NAMES = {"linear_average": "Linear average", "persistence": "Persistence", "global_mean": "Global mean"}


def ort_predict(path: Path, contexts: np.ndarray, batch: int = 512) -> dict[str, np.ndarray]:
    """Run an exported model with onnxruntime (CPU) over [W, K, D] contexts; returns every output."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    parts = [session.run(None, {"context": contexts[i : i + batch].astype(np.float32)}) for i in range(0, len(contexts), batch)]
    return {n: np.concatenate([p[j] for p in parts]) for j, n in enumerate(names)}


CURVE_KS = (5, 10, 20, 32)
FULL_SPLITS = ("val", "ood", "stress")
REFERENCE_NAMES = {"recency_average": "Recency-weighted average (decay fitted on train)",
                   "fitted_linear": "Fitted linear (sum w_k x_k + b mu, fitted on train)"}
FIT_WINDOWS = 20_000  # seeded train windows the reference baselines are fitted on


@torch.no_grad()
def context_curve(model: torch.nn.Module, split: Split, row_source: np.ndarray, ks: tuple[int, ...] = CURVE_KS) -> list[dict]:
    """Hit@K and cosine of `model` fed only the last k context vectors (the earlier ones zeroed), for
    each k, on the same targets (the windows that have max(ks) vectors of context), beside the linear
    average of the same k vectors."""
    top = max(ks)
    rows = []
    full_ctx, tgt = split.context_idx, split.target_idx
    assert full_ctx.shape[1] == top, "split must be windowed with the longest context"
    for k in ks:
        x = split.vectors[full_ctx].copy()  # [W, top, D]
        x[:, : top - k] = 0.0  # only the last k vectors: the earlier ones are zero (the model reads a fixed K)
        pred = np.concatenate([predict(model, torch.from_numpy(x[i : i + 256])).numpy() for i in range(0, len(x), 256)])
        x = x[:, top - k :]  # [W, k, D] for the average of the same k vectors
        # the whole window's context is excluded from the bank for every k, so only the input changes
        m = summarize(window_scores(pred, split.vectors, split.article, row_source, full_ctx, tgt))
        b = summarize(window_scores(x.mean(axis=1), split.vectors, split.article, row_source, full_ctx, tgt))
        rows.append({"k": k, "n": m["n"], **{key: m[key] for key in ("cosine_mean", "hit1", "hit5", "hit10", "mrr")},
                     "linear_average": {key: b[key] for key in ("cosine_mean", "hit5", "mrr")}})
    return rows


def baseline_metrics(splits: dict[str, Split], train_mean: np.ndarray) -> dict[str, dict]:
    """Every app baseline's metrics on each shipped split's windows, by the app's rule (one bank per split)."""
    predicted = {s: baseline_predictions(splits[s].contexts, train_mean) for s in splits}
    return {bid: {s: rounded(evaluate_split(predicted[s][bid], splits[s])) for s in splits} for bid in BASELINE_NAMES}


class FullEvaluation:
    """The whole val, OOD and stress splits at one K, scored per source (scoring.py), with every
    baseline's per-window scores kept for the bootstrap differences."""

    def __init__(self, k: int, corpus: dict, splits: dict[str, Split], train_mean: np.ndarray):
        sources = {a["id"]: a.get("source", "wiki-summaries") for a in corpus["articles"]}
        self.splits = {s: make_split(s, list(zip(splits[s].article, splits[s].texts, splits[s].vectors)), k)
                       for s in FULL_SPLITS}
        self.row_source = {s: source_of_rows(self.splits[s].article, sources) for s in FULL_SPLITS}
        train = make_split("train", list(zip(splits["train"].article, splits["train"].texts, splits["train"].vectors)), k)
        pick = np.sort(np.random.default_rng(0).choice(len(train.target_idx), size=min(FIT_WINDOWS, len(train.target_idx)),
                                                      replace=False))
        fit_x, fit_y = train.vectors[train.context_idx[pick]], train.vectors[train.target_idx[pick]]
        self.fits = {"recency_average": {"decay": fit_recency(fit_x, fit_y)},
                     "fitted_linear": fit_linear(fit_x, fit_y, train_mean)}
        self.baselines: dict[str, dict[str, dict]] = {}
        for s, split in self.splits.items():
            x = split.contexts
            predicted = {**baseline_predictions(x, train_mean),
                         "recency_average": recency_average(x, self.fits["recency_average"]["decay"]),
                         "fitted_linear": fitted_linear(x, train_mean, self.fits["fitted_linear"])}
            for bid, pred in predicted.items():
                self.baselines.setdefault(bid, {})[s] = self.scores(s, pred)

    def scores(self, split: str, pred: np.ndarray) -> dict:
        s = self.splits[split]
        return window_scores(pred, s.vectors, s.article, self.row_source[split], s.context_idx, s.target_idx)

    def baseline_entries(self, ids) -> dict[str, dict]:
        return {bid: {s: summarize(self.baselines[bid][s]) for s in FULL_SPLITS} for bid in ids}

    def model(self, path: Path) -> tuple[dict, dict]:
        """(metrics per split, difference to the linear average per split with 95% intervals)."""
        scores = {s: self.scores(s, ort_predict(path, self.splits[s].contexts)["prediction"]) for s in FULL_SPLITS}
        return ({s: summarize(scores[s]) for s in FULL_SPLITS},
                {s: bootstrap_difference(scores[s], self.baselines["linear_average"][s]) for s in FULL_SPLITS})
