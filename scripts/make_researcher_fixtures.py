"""Write what e2e/researcher.spec.ts loads as a researcher would: two 768-D user models with their
own I/O names, a windows .npz at 768-D, and each model's outputs on those windows from onnxruntime.

- pool_mlp.onnx: "ctx_embeddings" [batch, 5, 768] -> "next_vec" [batch, 768]; dynamic batch.
  Softmax-pooled context plus a low-rank tanh MLP (kept low-rank so the file stays small).
- gru_b1.onnx: "sentences" [1, 5, 768] -> "predicted_embedding" [1, 768]; a real ONNX GRU op
  (hidden 32) with a fixed batch of 1, as a PyTorch export without dynamic axes has.
- windows_768.npz: contexts [40, 5, 768], targets [40, 768] (float32, unit rows, a random walk).
- <model>.reference.npy: [40, 768] float32, onnxruntime (CPU) on those contexts.

Deterministic (seeded; the zip is written with a fixed timestamp). Run from the repo root:
python3 scripts/make_researcher_fixtures.py
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OUT = Path(__file__).resolve().parent.parent / "e2e" / "fixtures" / "researcher"
OPSET = 17
D, K, N = 768, 5, 40
HIDDEN, RANK = 32, 48
rng = np.random.default_rng(768)


def weight(name: str, *shape: int, scale: float) -> onnx.TensorProto:
    return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)


def finish(graph: onnx.GraphProto, path: Path) -> None:
    model = helper.make_model(
        graph,
        producer_name="lvm-lens/scripts/make_researcher_fixtures.py",
        opset_imports=[helper.make_opsetid("", OPSET)],
    )
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    path.write_bytes(model.SerializeToString())


def pool_mlp() -> onnx.GraphProto:
    """next_vec = p + tanh(p @ A) @ B, where p is the softmax(x @ q)-weighted mean of the context."""
    f = TensorProto.FLOAT
    nodes = [
        helper.make_node("MatMul", ["ctx_embeddings", "q"], ["scores"]),  # [B, K, 1]
        helper.make_node("Softmax", ["scores"], ["weights"], axis=1),  # [B, K, 1]
        helper.make_node("Mul", ["ctx_embeddings", "weights"], ["weighted"]),  # [B, K, D]
        helper.make_node("ReduceSum", ["weighted", "axis1"], ["pooled"], keepdims=0),  # [B, D]
        helper.make_node("MatMul", ["pooled", "A"], ["low"]),  # [B, RANK]
        helper.make_node("Tanh", ["low"], ["act"]),
        helper.make_node("MatMul", ["act", "B"], ["delta"]),  # [B, D]
        helper.make_node("Add", ["pooled", "delta"], ["next_vec"]),
    ]
    inits = [
        weight("q", D, 1, scale=0.5),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        weight("A", D, RANK, scale=1 / np.sqrt(D)),
        weight("B", RANK, D, scale=0.1 / np.sqrt(RANK)),
    ]
    return helper.make_graph(
        nodes,
        "pool_mlp",
        [helper.make_tensor_value_info("ctx_embeddings", f, ["batch", K, D])],
        [helper.make_tensor_value_info("next_vec", f, ["batch", D])],
        inits,
    )


def gru_b1() -> onnx.GraphProto:
    """predicted_embedding = last context vector + GRU(context) final state @ W_out + b_out."""
    f = TensorProto.FLOAT
    nodes = [
        helper.make_node("Transpose", ["sentences"], ["seq_first"], perm=[1, 0, 2]),  # [K, 1, D]
        helper.make_node(
            "GRU", ["seq_first", "W", "R", "Bias"], ["", "h_last"], hidden_size=HIDDEN
        ),  # h_last [1, 1, HIDDEN]
        helper.make_node("Reshape", ["h_last", "h_shape"], ["h"]),  # [1, HIDDEN]
        helper.make_node("MatMul", ["h", "W_out"], ["proj"]),  # [1, D]
        helper.make_node("Add", ["proj", "b_out"], ["delta"]),
        helper.make_node("Gather", ["sentences", "last"], ["x_last"], axis=1),  # [1, D]
        helper.make_node("Add", ["x_last", "delta"], ["predicted_embedding"]),
    ]
    inits = [
        weight("W", 1, 3 * HIDDEN, D, scale=1.0),
        weight("R", 1, 3 * HIDDEN, HIDDEN, scale=1 / np.sqrt(HIDDEN)),
        weight("Bias", 1, 6 * HIDDEN, scale=0.1),
        numpy_helper.from_array(np.array([1, HIDDEN], dtype=np.int64), "h_shape"),
        weight("W_out", HIDDEN, D, scale=0.02 / np.sqrt(HIDDEN)),
        weight("b_out", D, scale=0.01),
        numpy_helper.from_array(np.array(K - 1, dtype=np.int64), "last"),
    ]
    return helper.make_graph(
        nodes,
        "gru_b1",
        [helper.make_tensor_value_info("sentences", f, [1, K, D])],
        [helper.make_tensor_value_info("predicted_embedding", f, [1, D])],
        inits,
    )


def windows() -> tuple[np.ndarray, np.ndarray]:
    """Sliding windows over a unit-norm random walk: window i is steps i..i+K-1, target i+K."""
    steps = np.empty((N + K, D), dtype=np.float32)
    v = rng.standard_normal(D)
    for t in range(N + K):
        v = 0.8 * v + 0.6 * rng.standard_normal(D)
        steps[t] = v / np.linalg.norm(v)
    contexts = np.stack([steps[i : i + K] for i in range(N)]).astype(np.float32)
    return contexts, steps[K:].copy()


def save_npz(path: Path, **arrays: np.ndarray) -> None:
    """np.savez's layout (one .npy per array), with a fixed timestamp so re-runs write the same bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, buf.getvalue())


def reference(path: Path, contexts: np.ndarray) -> np.ndarray:
    """The model on every window, on onnxruntime's CPU provider, a batch at a time it accepts."""
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    inp = sess.get_inputs()[0]
    batch = inp.shape[0] if isinstance(inp.shape[0], int) else len(contexts)
    out = [sess.run(None, {inp.name: contexts[i : i + batch]})[0] for i in range(0, len(contexts), batch)]
    return np.concatenate(out).astype(np.float32)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    contexts, targets = windows()
    save_npz(OUT / "windows_768.npz", contexts=contexts, targets=targets)
    for name, build in [("pool_mlp", pool_mlp), ("gru_b1", gru_b1)]:
        path = OUT / f"{name}.onnx"
        finish(build(), path)
        ref = reference(path, contexts)
        assert ref.shape == (N, D) and np.isfinite(ref).all()
        np.save(OUT / f"{name}.reference.npy", ref)
        print(f"{path.name}: {path.stat().st_size} bytes; reference {ref.shape}")


if __name__ == "__main__":
    main()
