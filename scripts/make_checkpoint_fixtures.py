"""Writes e2e/fixtures/checkpoints/: three "epochs" of one small 384-D, K=5 model, for the Checkpoints view.

Generated, not trained: the model is AMN-like, `normalize(mean(context) + s * last(context) @ W)`,
with W a seeded Gaussian matrix (std 1/sqrt(D)) and the correction weight s = 0, 0.5, 1.0 for
"epochs" 1, 2, 3. Epoch 1 is exactly the linear-average baseline; the random correction then pulls
the prediction away from it, so the metrics fall with the epoch and many windows change rank. W is
stored as float16 with a Cast back to float32, like the shipped models (each file ~300 KB).

Run from the repository root: python3 scripts/make_checkpoint_fixtures.py (the same bytes every run).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = Path(__file__).resolve().parent.parent / "e2e" / "fixtures" / "checkpoints"
D, K = 384, 5
MODEL_ID = "amn-like"
SCALES = {1: 0.0, 2: 0.5, 3: 1.0}
OPSET = 17


def correction(seed: int = 0) -> np.ndarray:
    """The fixed random correction matrix W [D, D]; only its weight changes between epochs."""
    return (np.random.default_rng(seed).standard_normal((D, D)) / np.sqrt(D)).astype(np.float32)


def checkpoint(epoch: int, scale: float, w: np.ndarray) -> onnx.ModelProto:
    """One epoch's graph: context [batch, K, D] -> prediction [batch, D], L2-normalised."""
    inits = [
        numpy_helper.from_array((scale * w).astype(np.float16), "W_fp16"),
        numpy_helper.from_array(np.array([K - 1], np.int64), "last"),
        numpy_helper.from_array(np.array([1], np.int64), "last_axis"),
        numpy_helper.from_array(np.array([-1], np.int64), "axis_d"),
        numpy_helper.from_array(np.array(1e-12, np.float32), "eps"),
    ]
    nodes = [
        helper.make_node("Cast", ["W_fp16"], ["W"], name="Cast_W", to=TensorProto.FLOAT),
        helper.make_node("ReduceMean", ["context"], ["mean"], name="Mean", axes=[1], keepdims=0),  # [B, D]
        helper.make_node("Gather", ["context", "last"], ["last3"], name="Last", axis=1),  # [B, 1, D]
        helper.make_node("Squeeze", ["last3", "last_axis"], ["last_vec"], name="Squeeze"),  # [B, D]
        helper.make_node("MatMul", ["last_vec", "W"], ["corr"], name="Correct"),  # [B, D]
        helper.make_node("Add", ["mean", "corr"], ["raw"], name="Add"),
        helper.make_node("Mul", ["raw", "raw"], ["sq"], name="Square"),
        helper.make_node("ReduceSum", ["sq", "axis_d"], ["ss"], name="SumSq", keepdims=1),  # [B, 1]
        helper.make_node("Sqrt", ["ss"], ["norm"], name="Norm"),
        helper.make_node("Max", ["norm", "eps"], ["safe"], name="Clip"),
        helper.make_node("Div", ["raw", "safe"], ["prediction"], name="Normalize"),
    ]
    graph = helper.make_graph(
        nodes,
        f"{MODEL_ID}_epoch{epoch:02d}",
        [helper.make_tensor_value_info("context", TensorProto.FLOAT, ["batch", K, D])],
        [helper.make_tensor_value_info("prediction", TensorProto.FLOAT, ["batch", D])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="lvm-lens-fixtures")
    model.ir_version = 8
    config = {"model_id": MODEL_ID, "correction_weight": scale, "generated": "not trained; see scripts/make_checkpoint_fixtures.py"}
    meta = {"lvm_lens.epoch": str(epoch), "lvm_lens.model_id": MODEL_ID, "lvm_lens.config": json.dumps(config, sort_keys=True)}
    for key, value in sorted(meta.items()):
        model.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    onnx.checker.check_model(model, full_check=True)
    return model


def main() -> list[Path]:
    """Writes the three checkpoint files and returns their paths."""
    OUT.mkdir(parents=True, exist_ok=True)
    w = correction()
    paths = []
    for epoch, scale in SCALES.items():
        path = OUT / f"{MODEL_ID}_epoch{epoch:02d}.onnx"
        path.write_bytes(checkpoint(epoch, scale, w).SerializeToString())
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in main():
        print(p.relative_to(OUT.parent.parent.parent), p.stat().st_size, "bytes")
