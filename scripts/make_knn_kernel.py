"""Write the weight-free exact kNN kernel used by src/projection: public/kernels/knn.onnx.

queries [n,D] and points [M,D] (unit-norm, so the product is the cosine similarity) and k int64 [1]
-> values [n,k] (similarities, descending) and indices [n,k] (int64). The projection worker calls it
once per block of queries against all points.

Deterministic: the same onnx version writes the same bytes. Run: python3 scripts/make_knn_kernel.py
"""
from __future__ import annotations

from pathlib import Path

import onnx
from onnx import TensorProto, helper

OUT = Path(__file__).resolve().parent.parent / "public" / "kernels" / "knn.onnx"
OPSET = 17


def build() -> onnx.ModelProto:
    """TopK(MatMul(queries, Transpose(points)), k) along the points axis."""
    f, i64 = TensorProto.FLOAT, TensorProto.INT64
    inputs = [
        helper.make_tensor_value_info("queries", f, ["n", "d"]),
        helper.make_tensor_value_info("points", f, ["m", "d"]),
        helper.make_tensor_value_info("k", i64, [1]),
    ]
    outputs = [
        helper.make_tensor_value_info("values", f, ["n", "k_out"]),
        helper.make_tensor_value_info("indices", i64, ["n", "k_out"]),
    ]
    nodes = [
        # onnxruntime folds this Transpose into the MatMul (FusedMatMul with transB), so the
        # transposed points are never materialised.
        helper.make_node("Transpose", ["points"], ["points_t"], perm=[1, 0], name="transpose"),
        helper.make_node("MatMul", ["queries", "points_t"], ["scores"], name="scores"),  # [n, m]
        helper.make_node(
            "TopK", ["scores", "k"], ["values", "indices"], axis=1, largest=1, sorted=1, name="topk"
        ),
    ]
    graph = helper.make_graph(nodes, "knn", inputs, outputs)
    model = helper.make_model(
        graph, producer_name="lvm-lens/scripts/make_knn_kernel.py", opset_imports=[helper.make_opsetid("", OPSET)]
    )
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    return model


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build().SerializeToString(deterministic=True))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
