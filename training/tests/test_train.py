import pytest
import torch

from training.models import MODEL_IDS, build, predict
from training.train import draw_epoch, loss_fn, make_optimizer, seed_everything, train_step


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_one_step_lowers_the_loss_on_a_real_batch(model_id, ood_split):
    seed_everything()
    x = torch.from_numpy(ood_split.contexts[:64])  # real MiniLM windows [64, 5, 384]
    y = torch.from_numpy(ood_split.targets[:64])
    model = build(model_id)
    optimizer = make_optimizer(model)
    model.eval()
    with torch.no_grad():
        before = loss_fn(predict(model, x), y).item()
    train_step(model, optimizer, x, y)
    model.eval()
    with torch.no_grad():
        after = loss_fn(predict(model, x), y).item()
    assert after < before


def test_loss_is_zero_ish_for_perfect_prediction():
    y = torch.nn.functional.normalize(torch.randn(8, 384), dim=-1)
    perfect = loss_fn(y, y).item()
    assert perfect < loss_fn(torch.roll(y, 1, 0), y).item()
    assert perfect == pytest.approx(0.05 * torch.nn.functional.cross_entropy(y @ y.T / 0.07, torch.arange(8)).item(), rel=1e-5)


def test_epochs_draw_exactly_their_windows_and_cover_all_before_repeating():
    """An epoch of 7 windows out of 10: 7 indices each time, the first 10 draws a permutation of all 10
    (the first version counted arrays instead of indices and drew without end)."""
    generator = torch.Generator().manual_seed(0)
    order, cursor, seen = None, 0, []
    for _ in range(3):
        picked, order, cursor = draw_epoch(order, cursor, 7, 10, generator)
        assert len(picked) == 7
        seen += picked.tolist()
    assert sorted(seen[:10]) == list(range(10)) and sorted(seen[10:20]) == list(range(10))
