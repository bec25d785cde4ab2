"""Per-source banks, bootstrap intervals and the fitted baselines (scoring.py)."""
from __future__ import annotations

import numpy as np
import pytest

from training.metrics import normalize, ranks
from training.scoring import (bootstrap_difference, fit_linear, fit_recency, fitted_linear, recency_average, summarize,
                              window_scores)


def _unit(rng, n, d=16):
    return normalize(rng.standard_normal((n, d))).astype(np.float32)


def test_a_window_is_ranked_against_its_own_source_only():
    """Source b holds a copy of source a's prediction: in one shared bank it would outrank a's target."""
    rng = np.random.default_rng(0)
    vectors = _unit(rng, 12)
    article = np.array([0] * 6 + [1] * 6)
    source = np.array(["a"] * 6 + ["b"] * 6, dtype=object)
    ctx, tgt = np.array([[0, 1], [6, 7]]), np.array([2, 8])
    pred = np.stack([vectors[9], vectors[8]])  # window 0 predicts a row of source b exactly
    scores = window_scores(pred, vectors, article, source, ctx, tgt)
    shared = ranks(pred, vectors, ctx, tgt)
    assert shared[0] > 1  # the other source's row outranks the target in one shared bank
    own = ranks(pred[:1], vectors[:6], ctx[:1], tgt[:1])
    assert scores["rank"][0] == own[0] and scores["rank"][1] == 1
    summary = summarize(scores)
    assert set(summary["by_source"]) == {"a", "b"}
    assert summary["mrr"] == pytest.approx(np.mean([1 / scores["rank"][0], 1.0]))  # macro: mean over sources


def test_bootstrap_interval_is_zero_for_the_same_predictor_and_covers_a_shift():
    rng = np.random.default_rng(1)
    n = 400
    base = {"cos": rng.uniform(0.2, 0.6, n), "rank": rng.integers(1, 50, n), "source": np.array(["a"] * n, dtype=object),
            "article": np.repeat(np.arange(40), 10)}
    same = bootstrap_difference(base, base, reps=200)
    assert all(v == {"diff": 0.0, "lo": 0.0, "hi": 0.0} for v in same.values())
    better = {**base, "cos": base["cos"] + 0.01 + rng.normal(0, 0.02, n)}
    d = bootstrap_difference(better, base, reps=500)["cosine_mean"]
    assert d["lo"] < d["diff"] < d["hi"] and d["lo"] > 0 and abs(d["diff"] - 0.01) < 0.005


def test_fitted_linear_recovers_known_weights():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((500, 4, 16))
    mu = normalize(rng.standard_normal(16))
    w, b = np.array([0.1, 0.2, 0.3, 0.4]), 0.5
    y = np.einsum("k,wkd->wd", w, x) + b * mu
    fit = fit_linear(x, y, mu)
    assert np.allclose(fit["w"], w, atol=1e-6) and fit["b"] == pytest.approx(b, abs=1e-6)
    assert np.allclose(fitted_linear(x, mu, fit), normalize(y), atol=1e-6)


def test_recency_decay_is_fitted_on_its_targets():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((300, 5, 16))
    assert fit_recency(x, recency_average(x, 0.5)) == pytest.approx(0.5)
    assert fit_recency(x, recency_average(x, 1.0)) == pytest.approx(1.0)  # 1.0 is the plain average
