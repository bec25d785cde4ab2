import numpy as np
import pytest

from training.data import make_split
from training.metrics import (
    baseline_predictions,
    evaluate,
    evaluate_split,
    evaluate_windows,
    locate_by_value,
    normalize,
    ranks,
    value_groups,
)


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


def test_context_exclusion_is_by_value_wherever_it_occurs():
    bank = np.stack([e(1), e(0), e(1), e(2)])
    pred = np.array([[0.2, 1.0, 0.0, 0.0]])
    # bank[0] and bank[2] are identical and both beat the target bank[1]; bank[0] is context, so both go.
    assert ranks(pred, bank, [[0]], [1])[0] == 1
    assert ranks(pred, bank, [[2]], [1])[0] == 1
    assert ranks(pred, bank, [[-1]], [1])[0] == 3  # -1: the context vector is not in the bank
    # same direction is not the same value: 2 * e(1) is a different vector, not excluded
    bank2 = np.stack([e(1), e(0), e(1) * 2.0, e(2)])
    assert ranks(pred, bank2, [[0]], [1])[0] == 2


def test_the_target_row_is_never_excluded():
    bank = np.stack([e(1), e(0), e(1), e(2)])
    pred = np.array([[0.0, 1.0, 0.0, 0.5]])
    # the context vector equals the target's: its other copy ties, the target stays at rank 1
    assert ranks(pred, bank, [[0]], [2])[0] == 1
    assert ranks(pred, bank, [[2]], [2])[0] == 1


def test_value_groups_and_locate_by_value():
    bank = np.stack([e(1), e(0), e(1), e(0), e(2)]).astype(np.float32)
    bank[3, 2] = -0.0  # -0.0 and 0.0 are equal numbers but different float32 bits: another value
    np.testing.assert_array_equal(value_groups(bank), [0, 1, 0, 3, 4])
    probe = np.stack([[e(2), e(1)], [e(3), e(0)]])  # [2, 2, D]
    np.testing.assert_array_equal(locate_by_value(bank, probe), [[4, 0], [-1, 1]])


def random_stream(seed: int = 0, lengths=(9, 4, 12, 7, 10), d: int = 16):
    """A seeded stream of a few articles, each sentence a step from the previous, with exact duplicates."""
    rng = np.random.default_rng(seed)
    rows, v = [], None
    for a, n in enumerate(lengths):
        for i in range(n):
            v = rng.normal(size=d) if i == 0 else v + 0.6 * rng.normal(size=d)
            rows.append((a, f"a{a}s{i}", normalize(v).astype(np.float32)))
    starts = np.cumsum((0,) + lengths[:-1])
    for src, dst in ((starts[0] + 2, starts[2] + 5), (starts[0] + 2, starts[4] + 1), (starts[3] + 2, starts[3] + 5)):
        rows[dst] = (rows[dst][0], rows[src][1], rows[src][2].copy())
    return make_split("test", rows, k=3)


def test_a_windows_file_scores_exactly_like_its_stream():
    s = random_stream()
    preds = [*baseline_predictions(s.contexts, np.ones(16)).values(), s.contexts[:, 2] - 0.7 * s.contexts[:, 1]]
    for pred in preds:
        stream = evaluate_split(pred, s)
        assert evaluate_windows(pred, s.contexts, s.targets, bank=s.vectors) == stream
        # only the targets as bank: a subset of the stream, the same vectors excluded, so no rank is worse
        only_targets = ranks(pred, s.targets, locate_by_value(s.targets, s.contexts), np.arange(len(s.targets)))
        assert (only_targets <= ranks(pred, s.vectors, s.context_idx, s.target_idx)).all()
    assert evaluate_windows(preds[1], s.contexts, s.targets)["hit1"] > 0.5  # persistence's own context is excluded
    with pytest.raises(ValueError, match="not in the bank"):
        evaluate_windows(preds[0], s.contexts, s.targets, bank=s.vectors[:5])


def test_duplicates_of_a_context_sentence_are_excluded_in_a_stream():
    s = random_stream()
    copies = np.flatnonzero((s.vectors == s.vectors[2]).all(axis=1))  # one sentence in three articles
    assert len(copies) == 3
    w = next(i for i, c in enumerate(s.context_idx) if copies[1] in c)
    t = s.target_idx[w]
    # a query at that sentence: all three copies score 1 and would beat the target, but all are context
    pred = s.vectors[copies[1]][None]
    scores = normalize(s.vectors) @ normalize(pred)[0]
    in_context = [(s.vectors[j] == s.vectors[s.context_idx[w]]).all(axis=1).any() for j in range(len(s.vectors))]
    brute = 1 + sum(scores[j] > scores[t] for j in range(len(s.vectors)) if j != t and not in_context[j])
    assert ranks(pred, s.vectors, s.context_idx[w : w + 1], [t])[0] == brute
    assert all(in_context[j] for j in copies)


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
