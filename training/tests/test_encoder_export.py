"""The browser encoder: size, self-description, byte-stable re-export, parity with sentence-transformers."""
from __future__ import annotations

import json

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from training.encoder_export import FIXTURES, MAX_SEQ, PUBLIC_ENCODER, export_encoder, model_dir, ort_encode, quantize_weights
from training.export import sha256

MODEL = PUBLIC_ENCODER / "model.onnx"
pytestmark = pytest.mark.skipif(not MODEL.exists(), reason="run `python -m training encoder` first")


@pytest.fixture(scope="module")
def info() -> dict:
    return json.loads((PUBLIC_ENCODER / "encoder.json").read_text())


def test_shipped_encoder_is_small_and_describes_itself(info):
    assert MODEL.stat().st_size <= 30 * 1024 * 1024
    assert info["bytes"] == MODEL.stat().st_size and info["sha256"] == sha256(MODEL)
    graph = onnx.load(MODEL).graph
    assert [i.name for i in graph.input] == [i["name"] for i in info["inputs"]] == ["input_ids", "attention_mask"]
    assert [o.name for o in graph.output] == ["embedding"]
    for name in info["tokenizer"]:
        assert (PUBLIC_ENCODER / name).exists()


def test_quantize_weights_keeps_a_matmul_close():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(64, 96)).astype(np.float32)
    w[3] *= 40  # an outlier input row must not wreck the other rows' precision
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 64])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 96])],
                              [numpy_helper.from_array(w, "w")])
    proto = quantize_weights(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8))
    onnx.checker.check_model(proto, full_check=True)
    assert {i.data_type for i in proto.graph.initializer if i.name == "w_int8"} == {TensorProto.INT8}
    import onnxruntime as ort

    session = ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    x = rng.normal(size=(8, 64)).astype(np.float32)
    y = session.run(None, {"x": x})[0]
    assert np.linalg.norm(y - x @ w) / np.linalg.norm(x @ w) < 0.05
    x[:, :32] = 0  # the outlier's block of 32 rows pays for it; the next block keeps its own, fine scale
    y = session.run(None, {"x": x})[0]
    assert np.linalg.norm(y - x @ w) / np.linalg.norm(x @ w) < 0.02


def test_reexport_is_byte_identical(tmp_path, info):
    again = export_encoder(tmp_path)
    assert again["sha256"] == info["sha256"]
    assert (tmp_path / "encoder.json").read_text() == (PUBLIC_ENCODER / "encoder.json").read_text()


def test_matches_sentence_transformers_on_the_fixture_sentences():
    from transformers import AutoTokenizer

    sentences = json.loads((FIXTURES / "sentences.json").read_text())
    expected = np.load(FIXTURES / "embeddings.npy")
    assert len(sentences) == 200 and expected.shape == (200, 384) and expected.dtype == np.float32
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir()))
    batch = tokenizer(sentences, padding=True, truncation=True, max_length=MAX_SEQ, return_tensors="np")
    got = ort_encode(MODEL, batch["input_ids"], batch["attention_mask"])
    cosine = (got * expected).sum(1) / np.linalg.norm(got, axis=1) / np.linalg.norm(expected, axis=1)
    assert cosine.min() >= 0.999, f"worst sentence {int(cosine.argmin())}: {cosine.min():.5f}"
