"""export_model: the file reproduces the module in onnxruntime, at any batch, and says what it is."""
from __future__ import annotations

import re

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch

from lvm_lens import ExportError, export_model

K, D = 5, 32


class Attn(torch.nn.Module):
    """[B, K, D] -> (prediction [B, D], attention [B, K])."""

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(D, 1)
        self.out = torch.nn.Linear(D, D)

    def forward(self, x):
        a = torch.softmax(self.score(x).squeeze(-1), dim=-1)  # [B, K]
        return self.out((a.unsqueeze(-1) * x).sum(1)), a  # [B, D], [B, K]


class Plain(torch.nn.Module):
    def __init__(self, out_dim=D):
        super().__init__()
        self.fc = torch.nn.Linear(K * D, out_dim)

    def forward(self, x):
        return self.fc(x.flatten(1))  # [B, out_dim]


class Branchy(torch.nn.Module):
    """Python control flow on the data: tracing keeps one branch, so the file is not the module."""

    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(D, D)

    def forward(self, x):
        y = self.fc(x.mean(1))
        return y if float(x.mean()) > 0 else -y  # decided by the whole batch


def _session(path):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def test_parity_at_any_batch_and_both_outputs(tmp_path, capsys):
    torch.manual_seed(0)
    model = Attn().eval()
    path = export_model(model, tmp_path / "attn.onnx", K, D)
    assert "parity max|diff|" in capsys.readouterr().out
    s = _session(path)
    assert [i.name for i in s.get_inputs()] == ["context"]
    assert [o.name for o in s.get_outputs()] == ["prediction", "attention"]
    assert s.get_inputs()[0].shape == ["batch", K, D]
    for batch in (1, 3, 17):  # none of them the batch the export traced with
        x = torch.randn(batch, K, D, generator=torch.Generator().manual_seed(batch))
        pred, attn = s.run(None, {"context": x.numpy()})
        with torch.no_grad():
            ref_pred, ref_attn = model(x)
        assert pred.shape == (batch, D) and attn.shape == (batch, K)
        assert np.abs(pred - ref_pred.numpy()).max() <= 1e-4
        assert np.abs(attn - ref_attn.numpy()).max() <= 1e-4


def test_metadata_and_opset(tmp_path):
    path = export_model(Plain(), tmp_path / "run_epoch07.onnx", K, D, epoch=7, name="my run",
                        config={"lr": 1e-3}, metadata={"note": "x"}, verbose=False)
    proto = onnx.load(str(path))
    meta = {p.key: p.value for p in proto.metadata_props}
    assert meta["lvm.k"] == str(K) and meta["lvm.dim"] == str(D)
    assert meta["lvm_lens.model_id"] == "run_epoch07" and meta["lvm_lens.epoch"] == "7"
    assert meta["lvm_lens.name"] == "my run" and meta["lvm_lens.config"] == '{"lr": 0.001}'
    assert meta["note"] == "x"
    assert [o.version for o in proto.opset_import if o.domain in ("", "ai.onnx")] == [17]
    assert [o.name for o in proto.graph.output] == ["prediction"]


@pytest.mark.parametrize("model, found", [
    (Plain(out_dim=D + 1), f"[2, {D + 1}]"),
    (torch.nn.Identity(), f"[2, {K}, {D}]"),
])
def test_wrong_output_shape_is_refused_and_nothing_written(tmp_path, model, found):
    with pytest.raises(ExportError, match=rf"returns .*{re.escape(found)}.*\[batch, D\]"):
        export_model(model, tmp_path / "bad.onnx", K, D)
    assert list(tmp_path.iterdir()) == []


def test_attention_without_k_on_its_last_axis_is_refused(tmp_path):
    class BadAttn(Attn):
        def forward(self, x):
            p, a = super().forward(x)
            return p, a[:, :-1]

    with pytest.raises(ExportError, match="last axis K"):
        export_model(BadAttn(), tmp_path / "bad.onnx", K, D)


def test_parity_failure_is_loud_and_leaves_no_file(tmp_path):
    windows = np.random.default_rng(0).standard_normal((8, K, D)).astype(np.float32)
    windows[:2] += 2.0  # the traced example (the first two windows) takes one branch, the whole batch the other
    windows[2:] -= 2.0
    with pytest.raises(ExportError, match=r"max\|diff\| .* > 0.0001; the file was not written"):
        export_model(Branchy(), tmp_path / "branchy.onnx", K, D, windows=windows)
    assert list(tmp_path.iterdir()) == []


def test_fp16_storage_checks_against_the_rounded_module(tmp_path):
    torch.manual_seed(0)
    full = export_model(Plain(), tmp_path / "full.onnx", K, D, verbose=False)
    half = export_model(Plain(), tmp_path / "half.onnx", K, D, fp16=True, verbose=False)
    assert half.stat().st_size < 0.6 * full.stat().st_size
