"""Write the weight-free ONNX kernels the app runs on onnxruntime-web, into public/kernels/:

- retrieval.onnx (src/engine/retrieval): exact cosine top-T, target score, strictly-greater counts.
- retrieval_chunk.onnx (src/engine/halfBankSearch.ts): the same over one chunk of a bank kept as float16,
  the target and excluded rows appended after the chunk so their scores come from the same product.
- knn.onnx (src/projection): exact cosine kNN for the map, TopK(MatMul(queries, points^T), k).

Deterministic: the same onnx version writes the same bytes. Run: python3 scripts/make_kernels.py
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

KERNELS = Path(__file__).resolve().parent.parent / "public" / "kernels"
OPSET = 17


def finish(graph: onnx.GraphProto) -> onnx.ModelProto:
    model = helper.make_model(
        graph, producer_name="lvm-lens/scripts/make_kernels.py", opset_imports=[helper.make_opsetid("", OPSET)]
    )
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    return model


def retrieval_outputs() -> list[onnx.ValueInfoProto]:
    """What both retrieval kernels return: top-T values and indices, the target's score, how many
    entries score strictly above it, and the context entries' scores."""
    f, i64 = TensorProto.FLOAT, TensorProto.INT64
    return [
        helper.make_tensor_value_info("top_values", f, ["n", "t"]),
        helper.make_tensor_value_info("top_indices", i64, ["n", "t"]),
        helper.make_tensor_value_info("target_score", f, ["n", 1]),
        helper.make_tensor_value_info("greater_count", f, ["n"]),
        helper.make_tensor_value_info("context_scores", f, ["n", "k"]),
    ]


def build_retrieval() -> onnx.ModelProto:
    """queries [n,D], bank [M,D] -> top-T scores/indices, target score, strictly-greater count, context scores."""
    f, i64 = TensorProto.FLOAT, TensorProto.INT64
    inputs = [
        helper.make_tensor_value_info("queries", f, ["n", "d"]),
        helper.make_tensor_value_info("bank", f, ["m", "d"]),
        helper.make_tensor_value_info("target_index", i64, ["n", 1]),
        helper.make_tensor_value_info("context_index", i64, ["n", "k"]),
        helper.make_tensor_value_info("top", i64, [1]),
    ]
    outputs = retrieval_outputs()
    axes = numpy_helper.from_array(np.array([1], dtype=np.int64), name="axis1")
    nodes = [
        # Gemm with transB reads the bank in place: the same product as MatMul(queries, Transpose(bank))
        # without materialising the transposed bank on every call.
        helper.make_node("Gemm", ["queries", "bank"], ["scores"], transB=1, name="scores"),
        helper.make_node(
            "TopK", ["scores", "top"], ["top_values", "top_indices"], axis=1, largest=1, sorted=1, name="topk"
        ),
        # Gathered from the same score matrix, so duplicates of the target tie with it exactly.
        helper.make_node("GatherElements", ["scores", "target_index"], ["target_score"], axis=1, name="target"),
        helper.make_node("Greater", ["scores", "target_score"], ["greater"], name="greater"),
        helper.make_node("Cast", ["greater"], ["greater_f"], to=f, name="cast"),
        helper.make_node("ReduceSum", ["greater_f", "axis1"], ["greater_count"], keepdims=0, name="count"),
        helper.make_node("GatherElements", ["scores", "context_index"], ["context_scores"], axis=1, name="context"),
    ]
    return finish(helper.make_graph(nodes, "retrieval", inputs, outputs, initializer=[axes]))


def build_retrieval_chunk() -> onnx.ModelProto:
    """queries [n,D], rows [c+e,D] (a bank chunk, then the targets and excluded rows), valid [1] = c
    -> top-T over the chunk, target score, chunk entries strictly greater, context scores."""
    f, i64 = TensorProto.FLOAT, TensorProto.INT64
    inputs = [
        helper.make_tensor_value_info("queries", f, ["n", "d"]),
        helper.make_tensor_value_info("rows", f, ["r", "d"]),
        helper.make_tensor_value_info("valid", i64, [1]),
        helper.make_tensor_value_info("target_col", i64, ["n", 1]),
        helper.make_tensor_value_info("context_col", i64, ["n", "k"]),
        helper.make_tensor_value_info("top", i64, [1]),
    ]
    outputs = retrieval_outputs()
    inits = [
        numpy_helper.from_array(np.array([1], dtype=np.int64), name="axis1"),
        numpy_helper.from_array(np.array([0], dtype=np.int64), name="zero"),
    ]
    nodes = [
        helper.make_node("Gemm", ["queries", "rows"], ["scores"], transB=1, name="scores"),  # [n, c+e]
        # the appended rows sit in the same product, so a duplicate of the target ties with it exactly
        helper.make_node("GatherElements", ["scores", "target_col"], ["target_score"], axis=1, name="target"),
        helper.make_node("GatherElements", ["scores", "context_col"], ["context_scores"], axis=1, name="context"),
        helper.make_node("Slice", ["scores", "zero", "valid", "axis1"], ["chunk"], name="chunk"),  # [n, c]
        helper.make_node("TopK", ["chunk", "top"], ["top_values", "top_indices"], axis=1, largest=1, sorted=1, name="topk"),
        helper.make_node("Greater", ["chunk", "target_score"], ["greater"], name="greater"),
        helper.make_node("Cast", ["greater"], ["greater_f"], to=f, name="cast"),
        helper.make_node("ReduceSum", ["greater_f", "axis1"], ["greater_count"], keepdims=0, name="count"),
    ]
    return finish(helper.make_graph(nodes, "retrieval_chunk", inputs, outputs, initializer=inits))


def build_knn() -> onnx.ModelProto:
    """queries [n,D], points [M,D] (unit-norm), k int64 [1] -> values, indices [n,k], descending."""
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
    return finish(helper.make_graph(nodes, "knn", inputs, outputs))


def main() -> None:
    KERNELS.mkdir(parents=True, exist_ok=True)
    for name, build in (
        ("retrieval.onnx", build_retrieval),
        ("retrieval_chunk.onnx", build_retrieval_chunk),
        ("knn.onnx", build_knn),
    ):
        out = KERNELS / name
        out.write_bytes(build().SerializeToString(deterministic=True))
        print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
