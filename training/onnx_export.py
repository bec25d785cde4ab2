"""A fleet model to ONNX: export, float16 weights, deterministic bytes. Shared by train.py (checkpoints) and export.py (the shipped models)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from .data import DIM, K

OPSET = 17
FP16_MIN_ELEMENTS = 1024  # smaller tensors (biases, norms, masks) stay float32: tiny, and masks would overflow


def output_names(model: torch.nn.Module) -> list[str]:
    return ["prediction", "attention"] if model.attention_shape else ["prediction"]


def to_onnx(model: torch.nn.Module, names: list[str], input_name: str = "context", dynamic: dict | None = None,
            example: torch.Tensor | None = None) -> onnx.ModelProto:
    """TorchScript-based export (dynamo=False) to an in-memory ModelProto."""
    model.eval()
    example = example if example is not None else torch.zeros(2, getattr(model, "k", K), getattr(model, "d", DIM))
    dynamic = dynamic or {n: {0: "batch"} for n in [input_name, *names]}
    buf = io.BytesIO()
    torch.onnx.export(model, (example,), buf, dynamo=False, input_names=[input_name], output_names=names,
                      dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)
    return onnx.load_from_string(buf.getvalue())


def store_fp16(proto: onnx.ModelProto) -> onnx.ModelProto:
    """Store large float32 initializers as float16 + a Cast back to float32 (graph inputs/outputs stay float32)."""
    graph = proto.graph
    casts, keep = [], []
    for init in graph.initializer:
        if init.data_type == TensorProto.FLOAT and int(np.prod(init.dims)) >= FP16_MIN_ELEMENTS:
            half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name + "_fp16")
            keep.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], name=f"Cast_{init.name}", to=TensorProto.FLOAT))
        else:
            keep.append(init)
    del graph.initializer[:]
    graph.initializer.extend(keep)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    return proto


def make_deterministic(proto: onnx.ModelProto, meta: dict[str, str]) -> onnx.ModelProto:
    """Stable initializer/node names, fixed producer, no doc strings: same checkpoint -> same bytes."""
    rename = {}
    for i, init in enumerate(proto.graph.initializer):
        if init.name.startswith("onnx::"):  # exporter-counter names depend on what was exported before
            rename[init.name] = f"const_{i}"
    for i, node in enumerate(proto.graph.node):
        node.doc_string = ""
        node.input[:] = [rename.get(n, n) for n in node.input]
        if not node.name:
            node.name = f"{node.op_type}_{i}"
    for init in proto.graph.initializer:
        init.name = rename.get(init.name, init.name)
    proto.producer_name = "lvm-lens-training"
    proto.producer_version = "1"
    proto.doc_string = ""
    proto.graph.doc_string = ""
    del proto.metadata_props[:]
    for key, value in sorted(meta.items()):
        proto.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    return proto


def export_model(model: torch.nn.Module, path: Path, fp16: bool = True, meta: dict[str, str] | None = None) -> Path:
    """Export a fleet model to `path` (checked with onnx.checker); fp16=True stores weights as float16."""
    proto = to_onnx(model, output_names(model))
    if fp16:
        proto = store_fp16(proto)
    proto = make_deterministic(proto, meta or {})
    onnx.checker.check_model(proto, full_check=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(proto.SerializeToString())
    return path
