import pytest
import torch

from training.cells import GRUCell, LSTMCell
from training.models import MODEL_IDS, build, count_params

SEED_CARD_PARAMS = {"amn": 1.5e6, "gru": 7.1e6, "lstm": 5.1e6, "transformer": 17.8e6}
# The shipped sizes are smaller (training/README.md says why); at the seed cards' sizes the layouts match the cards.
SEED_CARD_SIZES = {"gru": {"hidden": 512, "blocks": 4}, "lstm": {"hidden": 512},
                   "transformer": {"d_model": 512, "layers": 4, "ff": 2048}}


@pytest.mark.parametrize("model_id", [m for m in MODEL_IDS if m in SEED_CARD_PARAMS])
def test_param_count_matches_seed_card_at_768(model_id):
    n = count_params(build(model_id, d=768, k=5, **SEED_CARD_SIZES.get(model_id, {})))
    assert abs(n - SEED_CARD_PARAMS[model_id]) / SEED_CARD_PARAMS[model_id] <= 0.05, n


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_shapes_and_unit_norm(model_id):
    torch.manual_seed(0)
    model = build(model_id).eval()
    out = model(torch.randn(3, model.k, 384))
    pred = out[0] if isinstance(out, tuple) else out
    assert pred.shape == (3, 384)
    assert torch.allclose(pred.norm(dim=-1), torch.ones(3), atol=1e-5)
    if model_id == "amn":
        assert out[1].shape == (3, 5)
        assert torch.allclose(out[1].sum(-1), torch.ones(3), atol=1e-5)
    elif model_id == "transformer":
        assert out[1].shape == (3, 8, 5)
        assert torch.allclose(out[1].sum(-1), torch.ones(3, 8), atol=1e-5)
    else:
        assert not isinstance(out, tuple)


def test_memory_gru_reads_32_vectors():
    model = build("memgru").eval()
    assert model.k == 32
    out = model(torch.randn(2, 32, 384))
    assert out.shape == (2, 384) and torch.allclose(out.norm(dim=-1), torch.ones(2), atol=1e-5)


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_every_untrained_model_is_the_linear_average(model_id):
    """Every model is the linear prior plus a zero-initialised residual: before training it predicts
    the normalised mean of its context exactly, whatever the train mean (b starts at 0)."""
    torch.manual_seed(0)
    model = build(model_id, mean=torch.randn(384)).eval()
    x = torch.nn.functional.normalize(torch.randn(4, model.k, 384), dim=-1)
    out = model(x)
    pred = out[0] if isinstance(out, tuple) else out
    mean = torch.nn.functional.normalize(x.mean(dim=1), dim=-1)
    assert torch.allclose(pred, mean, atol=1e-6)


def test_the_prior_learns_weights_and_the_train_mean():
    model = build("amn", mean=torch.ones(384))
    assert torch.allclose(model.prior.mu.norm(), torch.tensor(1.0))  # the mean is stored normalised
    names = {n for n, p in model.named_parameters()}
    assert {"prior.w", "prior.b"} <= names and "prior.mu" in model.state_dict()


@pytest.mark.parametrize("cell_cls, ref_cls", [(GRUCell, torch.nn.GRU), (LSTMCell, torch.nn.LSTM)])
def test_cell_matches_torch(cell_cls, ref_cls):
    torch.manual_seed(0)
    ref = ref_cls(16, 8, batch_first=True)
    cell = cell_cls(16, 8)
    cell.ih.weight.data, cell.ih.bias.data = ref.weight_ih_l0.data, ref.bias_ih_l0.data
    cell.hh.weight.data, cell.hh.bias.data = ref.weight_hh_l0.data, ref.bias_hh_l0.data
    x = torch.randn(4, 5, 16)
    assert torch.allclose(cell(x), ref(x)[0], atol=1e-6)
    assert sum(p.numel() for p in cell.parameters()) == sum(p.numel() for p in ref.parameters())


def test_transformer_prediction_is_causal_in_time():
    """A position's state depends on earlier positions only: changing vector 2 leaves positions 0-1 as they
    were and changes 2-4 (fails with the causal mask removed from self- or cross-attention)."""
    torch.manual_seed(0)
    model = build("transformer").eval()
    x = torch.randn(2, 5, 384)
    y = x.clone()
    y[:, 2] = torch.randn(2, 384)
    with torch.no_grad():
        hx, wx = model.states(x)
        hy, _ = model.states(y)
    assert torch.allclose(hx[:, :2], hy[:, :2], atol=1e-6)
    assert not torch.allclose(hx[:, 2:], hy[:, 2:], atol=1e-4)
    assert float(wx[:, :, 0, 1:].abs().max()) == 0.0  # position 0 attends to itself only
