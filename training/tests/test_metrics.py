import numpy as np
import pytest

from training.bank_shard import BankShard, unit_rows
from training.data import make_split
from training.metrics import (
    baseline_predictions,
    dot_rows,
    evaluate,
    evaluate_split,
    evaluate_windows,
    locate_by_value,
    merge_scans,
    normalize,
    queries,
    ranks,
    scan,
    top_k,
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


def test_top_k_best_first_ties_to_the_lower_row_context_values_excluded():
    bank = np.stack([e(0), e(1), e(1), e(2), e(3), e(1) * 2.0])
    pred = np.array([[0.0, 1.0, 0.5, 0.0], [0.0, 1.0, 0.5, 0.0]])
    ids, scores = top_k(pred, bank, [[4], [3]], k=4)
    assert ids[0].tolist() == [1, 2, 5, 3]  # rows 1, 2, 5 tie exactly: lower row first; row 4 is context
    np.testing.assert_allclose(scores[0], [2 / np.sqrt(5), 2 / np.sqrt(5), 2 / np.sqrt(5), 1 / np.sqrt(5)], atol=1e-7)
    assert ids[1].tolist() == [1, 2, 5, 0]  # row 3 (e2) excluded: e0 and e3 tie at 0, lower row first
    ids, _ = top_k(pred[:1], bank, [[1]], k=3)
    assert ids[0].tolist() == [5, 3, 0]  # rows 1 and 2 hold one value: both go; 2·e1 is another value
    ids, _ = top_k(pred[:1], bank, [[1]], k=3, target_idx=[2])
    assert ids[0].tolist() == [2, 5, 3]  # ... but the target row is never excluded
    ids, scores = top_k(pred[:1], bank[:2], [[-1]], k=3)
    assert ids[0].tolist() == [1, 0, -1] and np.isneginf(scores[0, 2])  # fewer rows than k


def test_unit_rows_have_the_same_bits_wherever_a_row_sits():
    x = np.random.default_rng(4).standard_normal((301, 24)).astype(np.float32)
    u = unit_rows(x)
    for a, b in ((0, 1), (5, 6), (7, 300), (299, 301)):
        assert np.array_equal(unit_rows(x[a:b]).view(np.uint32), u[a:b].view(np.uint32))
    assert np.array_equal(unit_rows(2 * x).view(np.uint32), u.view(np.uint32))  # 2x: the same unit vector
    assert np.abs(np.linalg.norm(u.astype(np.float64), axis=1) - 1).max() < 1e-6


def dot_rows_brute_force(pred, bank, target, ctx, top=10):
    """docs/metrics.md, one window and one row at a time, with dot_rows scores of unit_rows vectors."""
    unit, q = unit_rows(bank), unit_rows(pred)
    bits = np.ascontiguousarray(bank).view(np.uint32)
    want_r, want_top = [], []
    for i in range(len(pred)):
        c = dot_rows(np.repeat(q[i : i + 1], len(bank), 0), unit)
        ex = np.zeros(len(bank), bool)
        for a in ctx[i][ctx[i] >= 0]:
            ex |= (bits == bits[a]).all(axis=1)
        ex[target[i]] = False
        want_r.append(1 + int(((c > c[target[i]]) & ~ex).sum()))
        want_top.append(sorted(np.nonzero(~ex)[0], key=lambda j: (-c[j], j))[:top])
    return want_r, want_top


def scan_split(pred, bank, target, ctx, cuts, block, qrows=1024):
    qs = queries(pred, bank[target], target, bank[np.maximum(ctx, 0)], ctx >= 0)
    parts = [scan(BankShard(bank[a:b], offset=a, block=block), qs, qrows=qrows) for a, b in zip(cuts, cuts[1:])]
    r, ids, _ = merge_scans(parts)
    return r.tolist(), ids.tolist()


def test_the_scan_over_any_split_is_the_dot_rows_rule():
    """Float32 BLAS decides only what the error bound allows; the answer is the dot_rows brute force,
    bit for bit, however the bank is cut (shard sizes change BLAS's rounding, not the result)."""
    rng = np.random.default_rng(5)
    n, d, w = 700, 20, 120
    bank = rng.standard_normal((n, d)).astype(np.float32)
    bank[rng.choice(n, 150)] = bank[rng.choice(n, 150)]  # exact copies everywhere
    bank[600:620] = 2 * bank[0:20]  # other values, tying scores
    target = rng.integers(0, n, w)
    ctx = rng.integers(-1, n, (w, 3))
    pred = bank[target] + 4 * rng.standard_normal((w, d)).astype(np.float32)
    pred[::2] = bank[target[::2]]  # the target's copies tie with it
    want = dot_rows_brute_force(pred, bank, target, ctx)
    for cuts, block, qrows in (([0, n], 16384, 1024), ([0, 1, 333, 334, 650, n], 16384, 1024), ([0, n], 50, 1024),
                               ([0, 300, n], 7, 1024), ([0, 400, n], 64, 17)):
        assert scan_split(pred, bank, target, ctx, cuts, block, qrows) == want
    assert (np.array(want[0]) > 1).any() and (np.array(want[0]) == 1).sum() > w // 4


def test_rows_a_hair_above_the_running_top_ten_enter_it():
    """A later block's row scoring above the running 10th by less than float32 can tell still enters."""
    rng = np.random.default_rng(6)
    pred = rng.standard_normal((1, 8)).astype(np.float32)
    near = unit_rows(pred + 0.4 * rng.standard_normal((10, 8)).astype(np.float32))  # block 0's top 10
    far = rng.standard_normal((90, 8)).astype(np.float32)
    tenth = near[np.argmin(near @ unit_rows(pred)[0])]
    nudged = unit_rows(tenth[None] + np.float32(1e-6) * unit_rows(pred))  # ~1e-7 closer than the 10th
    bank = np.concatenate([near, far, nudged])
    target, ctx = np.array([20]), np.array([[-1]])
    want = dot_rows_brute_force(pred, bank, target, ctx)
    assert 100 in want[1][0]  # the nudged row takes the 10th's place
    assert scan_split(pred, bank, target, ctx, [0, len(bank)], 50) == want
