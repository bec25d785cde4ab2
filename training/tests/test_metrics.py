import numpy as np
import pytest

from training.metrics import baseline_predictions, evaluate, normalize, ranks


def e(i, d=4):
    v = np.zeros(d)
    v[i] = 1.0
    return v


def test_rank_counts_only_strictly_higher_scores():
    bank = np.stack([e(0), e(1), e(2), e(3)])
    pred = np.array([[0.1, 0.9, 0.5, 0.0]])  # scores ∝ 0.1, 0.9, 0.5, 0
    assert ranks(pred, bank, [[3]], [2])[0] == 2  # only bank[1] beats the target
    assert ranks(pred, bank, [[1]], [2])[0] == 1  # bank[1] is context: excluded
    assert ranks(pred, bank, [[3]], [0])[0] == 3


def test_ties_and_duplicates_count_in_the_targets_favour():
    bank = np.stack([e(0), e(1), e(1), e(1) * 2.0, e(2)])  # rows 1..3 are the same direction
    pred = np.array([[0.0, 1.0, 0.0, 0.0]])
    assert ranks(pred, bank, [[4]], [2])[0] == 1
    assert ranks(pred, bank, [[0]], [1])[0] == 1
    pred2 = np.array([[1.0, 1.0, 0.0, 0.0]])  # exact tie between bank[0] and bank[1]
    assert ranks(pred2, bank, [[4]], [0])[0] == 1


def test_context_exclusion_is_by_index_not_by_value():
    bank = np.stack([e(1), e(0), e(1), e(2)])
    pred = np.array([[0.2, 1.0, 0.0, 0.0]])
    # bank[0] and bank[2] are identical and both beat the target bank[1]; only bank[0] is context.
    assert ranks(pred, bank, [[0]], [1])[0] == 2


def test_evaluate_hand_computed():
    bank = np.stack([e(0), e(1), e(2), e(3)])
    pred = np.array([[0.0, 0.0, 1.0, 0.0], [1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]])
    ctx = np.array([[0], [2], [0]])
    tgt = np.array([2, 1, 1])
    m = evaluate(pred, bank, ctx, tgt)
    cos = np.array([1.0, np.sqrt(0.5), 0.0])
    assert m["n"] == 3
    assert m["cosine_mean"] == pytest.approx(cos.mean())
    assert m["cosine_std"] == pytest.approx(cos.std())
    # ranks: 1; 1 (tie with bank[0]); target score 0 vs bank[3]=1 higher, bank[2]=0 tie, bank[0] context -> 2
    assert m["hit1"] == pytest.approx(2 / 3)
    assert m["hit5"] == 1.0
    assert m["mrr"] == pytest.approx((1 + 1 + 0.5) / 3)
    assert m["mean_rank"] == pytest.approx(4 / 3)


def test_baselines():
    ctx = np.stack([np.stack([e(0), e(1), e(1), e(1), e(2)])])
    b = baseline_predictions(ctx, np.array([3.0, 0, 0, 4.0]))
    np.testing.assert_allclose(b["linear_average"][0], normalize(np.array([1, 3, 1, 0.0])))
    np.testing.assert_allclose(b["persistence"][0], e(2))
    np.testing.assert_allclose(b["global_mean"][0], [0.6, 0, 0, 0.8])


def test_metrics_on_real_vectors_are_sane(ood_split):
    s = ood_split
    m = evaluate(s.targets, s.vectors, s.context_idx, s.target_idx)  # the oracle
    assert m["hit1"] == 1.0 and m["cosine_mean"] == pytest.approx(1.0, abs=1e-6)
