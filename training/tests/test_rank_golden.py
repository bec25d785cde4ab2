"""The rank rule of docs/metrics.md against fixtures/rank/golden.json, the file the Vitest suite reads too."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from training import metrics

GOLDEN = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "rank" / "golden.json").read_text())


def arrays():
    bank = np.array(GOLDEN["bank"], dtype=np.float32)
    queries = np.array(GOLDEN["queries"], dtype=np.float32)
    return queries, bank, np.array(GOLDEN["context_idx"]), np.array(GOLDEN["target_idx"])


def test_the_fixture_exercises_the_rule():
    bank = np.array(GOLDEN["bank"], dtype=np.float32)
    assert np.signbit(bank[36, 2]) and not np.signbit(bank[3, 2])  # -0.0 survives the JSON round trip
    assert GOLDEN["ranks"] != GOLDEN["ranks_without_exclusion"]


def test_ranks_match_the_golden_fixture():
    pred, bank, context_idx, target_idx = arrays()
    assert metrics.ranks(pred, bank, context_idx, target_idx).tolist() == GOLDEN["ranks"]


def test_top_k_matches_the_golden_fixture():
    pred, bank, context_idx, target_idx = arrays()
    ids, scores = metrics.top_k(pred, bank, context_idx, k=GOLDEN["top"], target_idx=target_idx)
    assert np.asarray(ids).tolist() == GOLDEN["top_ids"]
    np.testing.assert_allclose(scores, GOLDEN["top_scores"], atol=1e-6)
