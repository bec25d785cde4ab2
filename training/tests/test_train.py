import numpy as np
import pytest
import torch

from training.models import MODEL_IDS, build, predict
from training.objective import Objective, document_bounds, hard_negatives
from training.train import FINAL_LR, WARMUP, loss_fn, lr_factor, make_optimizer, seed_everything, train_step


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_one_step_lowers_the_loss_on_a_real_batch(model_id, ood_split):
    seed_everything()
    x = torch.from_numpy(ood_split.contexts[:64])  # real MiniLM windows [64, 5, 384]
    y = torch.from_numpy(ood_split.targets[:64])
    model = build(model_id, k=5)  # the shipped windows are K = 5; every model reads any fixed K
    optimizer = make_optimizer(model)
    model.eval()
    with torch.no_grad():
        before = loss_fn(predict(model, x), y).item()
    train_step(model, optimizer, x, y)
    model.eval()
    with torch.no_grad():
        after = loss_fn(predict(model, x), y).item()
    assert after < before


def test_a_perfect_prediction_has_the_lowest_loss():
    y = torch.nn.functional.normalize(torch.randn(8, 384), dim=-1)
    assert loss_fn(y, y).item() < loss_fn(torch.roll(y, 1, 0), y).item()


def test_same_document_negatives_never_include_the_window_or_a_copy_of_it():
    """Negatives come from the window's own document; its context rows, its target and rows
    bit-identical to them are masked (a copy of the target is not a negative)."""
    rng = np.random.default_rng(0)
    vectors = torch.nn.functional.normalize(torch.randn(20, 8), dim=-1).numpy()
    vectors[15] = vectors[12]  # a repeated sentence: the copy of the target must be masked too
    article = np.array([0] * 10 + [1] * 10)
    bounds = document_bounds(article)
    ctx, tgt = np.array([[10, 11]]), np.array([12])
    neg, mask = hard_negatives(vectors, bounds, ctx, tgt, rng, n=200)
    rows = [next(i for i in range(20) if np.array_equal(vectors[i], v)) for v in neg[0].numpy()]
    assert all(10 <= r < 20 for r in rows)  # same document only
    drawn = {r: m for r, m in zip(rows, mask[0].tolist())}
    assert drawn[10] and drawn[11] and drawn[12]  # context and target (and row 15, a copy of 12) masked
    assert not any(m for r, m in drawn.items() if r not in (10, 11, 12))


def test_hard_negatives_change_the_loss():
    """A same-document negative close to the prediction raises the loss; masked, it does not count."""
    y = torch.nn.functional.normalize(torch.randn(4, 16), dim=-1)
    pred = y + 0.1 * torch.randn(4, 16)
    near = pred[:, None, :].repeat(1, 2, 1)
    objective = Objective()
    base = objective(pred, y).item()
    assert objective(pred, y, near, torch.zeros(4, 2, dtype=torch.bool)).item() > base
    assert objective(pred, y, near, torch.ones(4, 2, dtype=torch.bool)).item() == pytest.approx(base)


def test_the_learning_rate_warms_up_then_decays():
    factors = [lr_factor(s, 1000) for s in range(1000)]
    warm = int(WARMUP * 1000)
    assert factors[0] < factors[warm - 1] == pytest.approx(1.0)
    assert all(a >= b for a, b in zip(factors[warm:], factors[warm + 1 :]))
    assert factors[-1] == pytest.approx(FINAL_LR, abs=1e-3)
