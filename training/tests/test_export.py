import hashlib
import json

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch

from training.export import (
    PARITY, PUBLIC_MODELS, SIGNATURES, export_model, ort_predict, parity_windows_file, write_signature_fixtures,
)
from training.models import MODEL_IDS, build
from training.train import RUNS, load_trained


def _model(model_id):
    """The trained checkpoint when training/runs has it, else a seeded untrained model (fresh clones)."""
    if (RUNS / f"{model_id}.pt").exists():
        return load_trained(model_id)
    torch.manual_seed(0)
    return build(model_id).eval()


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_shipped_model_matches_pytorch_fixture(model_id):
    k = build(model_id).k
    windows = np.load(PARITY / parity_windows_file(k))
    expected = np.load(PARITY / f"{model_id}.prediction.npy")
    assert windows.shape == (256, k, 384) and expected.shape == (256, 384)
    got = ort_predict(PUBLIC_MODELS / f"{model_id}.onnx", windows)["prediction"]
    assert np.abs(got - expected).max() <= 2e-3
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_fp32_and_fp16_exports_match_pytorch(model_id, tmp_path):
    model = _model(model_id)
    windows = np.load(PARITY / parity_windows_file(model.k))
    with torch.no_grad():
        out = model(torch.from_numpy(windows))
    ref = (out[0] if isinstance(out, tuple) else out).numpy()
    fp32 = ort_predict(export_model(model, tmp_path / "fp32.onnx", fp16=False), windows)
    fp16 = ort_predict(export_model(model, tmp_path / "fp16.onnx"), windows)
    assert np.abs(fp32["prediction"] - ref).max() <= 1e-4
    assert np.abs(fp16["prediction"] - ref).max() <= 2e-3
    if isinstance(out, tuple):
        assert np.abs(fp32["attention"] - out[1].numpy()).max() <= 1e-4


def test_export_is_byte_deterministic(tmp_path):
    model = _model("amn")
    a = export_model(model, tmp_path / "a.onnx").read_bytes()
    b = export_model(model, tmp_path / "b.onnx").read_bytes()
    assert a == b


def test_manifest_describes_the_shipped_files():
    manifest = json.loads((PUBLIC_MODELS / "manifest.json").read_text())
    assert [m["id"] for m in manifest["models"]] == MODEL_IDS
    assert [b["id"] for b in manifest["baselines"]] == ["linear_average", "persistence", "global_mean"]
    for m in manifest["models"]:
        blob = (PUBLIC_MODELS / m["file"]).read_bytes()
        assert m["bytes"] == len(blob) and m["sha256"] == hashlib.sha256(blob).hexdigest()
        session = ort.InferenceSession(blob, providers=["CPUExecutionProvider"])
        assert [i.name for i in session.get_inputs()] == ["context"]
        assert session.get_inputs()[0].shape[1:] == [m["K"], 384] == [m["config"]["model_args"]["k"], 384]
        assert build(m["id"], **m["config"]["model_args"]).k == m["K"]  # rebuilt from its config alone
        assert [o.name for o in session.get_outputs()] == [o["name"] for o in m["outputs"]]
        nodes = onnx.load_from_string(blob).graph.node
        ops = {n.op_type for n in nodes}
        assert not ops & {"GRU", "LSTM", "RNN", "ReduceL2", "Max"}, ops
        # WebGPU allows 8 storage buffers per shader stage: a wider node fails validation there
        # (the first memgru export stacked 32 steps in one Concat and returned garbage on WebGPU)
        assert max(len(n.input) + len(n.output) for n in nodes) <= 8, m["id"]
        for split in ("val", "ood"):
            assert 0 <= m["metrics"][split]["hit1"] <= m["metrics"][split]["hit5"] <= 1


def test_signature_fixtures_regenerate_identically(tmp_path):
    for path in write_signature_fixtures(tmp_path):
        assert path.read_bytes() == (SIGNATURES / path.name).read_bytes(), path.name
    user = ort.InferenceSession(str(SIGNATURES / "torch_user_model.onnx"), providers=["CPUExecutionProvider"])
    assert [i.name for i in user.get_inputs()] == ["x"] and user.get_inputs()[0].shape[1:] == [5, 384]
    assert [o.name for o in user.get_outputs()] == ["out", "attn_w"]
    out, attn = user.run(None, {"x": np.zeros((3, 5, 384), np.float32)})
    assert out.shape == (3, 384) and attn.shape == (3, 5)
    wrong = ort.InferenceSession(str(SIGNATURES / "wrong_signature.onnx"), providers=["CPUExecutionProvider"])
    assert len(wrong.get_inputs()[0].shape) == 2
    dyn = ort.InferenceSession(str(SIGNATURES / "dynamic_kd.onnx"), providers=["CPUExecutionProvider"])
    assert all(isinstance(d, str) for d in dyn.get_inputs()[0].shape)
    (y,) = dyn.run(None, {"x": np.ones((2, 3, 7), np.float32)})
    np.testing.assert_allclose(y, np.full((2, 7), 1 / np.sqrt(7)), rtol=1e-6)
