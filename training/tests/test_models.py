import pytest
import torch

from training.models import MODEL_IDS, GRUCell, LSTMCell, build, count_params

SEED_CARD_PARAMS = {"amn": 1.5e6, "gru": 7.1e6, "lstm": 5.1e6, "transformer": 17.8e6}


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_param_count_matches_seed_card_at_768(model_id):
    n = count_params(build(model_id, d=768, k=5))
    assert abs(n - SEED_CARD_PARAMS[model_id]) / SEED_CARD_PARAMS[model_id] <= 0.05, n


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_shapes_and_unit_norm(model_id):
    torch.manual_seed(0)
    model = build(model_id).eval()
    out = model(torch.randn(3, 5, 384))
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
    """Changing the last context vector must change the prediction; the model reads all K positions."""
    torch.manual_seed(0)
    model = build("transformer").eval()
    x = torch.randn(2, 5, 384)
    y = x.clone()
    y[:, 0] = torch.randn(2, 384)
    with torch.no_grad():
        assert not torch.allclose(model(x)[0], model(y)[0])
