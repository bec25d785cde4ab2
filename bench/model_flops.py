"""Floating-point work per window of each shipped model: 2 x the multiply-adds of its MatMul and
Gemm nodes (the rest — activations, norms, softmax — is a few percent and not counted), found from
the ONNX graph with the batch fixed to 1 and shapes inferred. The scale bench divides this by the
measured predict time to report the GFLOP/s inference reached.

Run: python bench/model_flops.py   -> one JSON line {model id: FLOPs per window}
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper, shape_inference

ROOT = Path(__file__).resolve().parent.parent


def flops_per_window(path: Path) -> int:
    model = onnx.load(str(path))
    for inp in model.graph.input:
        dims = inp.type.tensor_type.shape.dim
        if dims and not dims[0].HasField("dim_value"):
            dims[0].ClearField("dim_param")
            dims[0].dim_value = 1
    model = shape_inference.infer_shapes(model, data_prop=True)
    shapes: dict[str, list[int]] = {}
    for v in [*model.graph.value_info, *model.graph.input, *model.graph.output]:
        shapes[v.name] = [d.dim_value for d in v.type.tensor_type.shape.dim]
    for init in model.graph.initializer:
        shapes[init.name] = list(numpy_helper.to_array(init).shape)
    total = 0
    for node in model.graph.node:
        if node.op_type not in ("MatMul", "Gemm"):
            continue
        a, out = shapes.get(node.input[0]), shapes.get(node.output[0])
        if not a or not out or 0 in a or 0 in out:
            raise ValueError(f"{path.name}: no static shape for {node.name or node.op_type}")
        trans_a = any(at.name == "transA" and at.i for at in node.attribute)
        inner = a[-2] if trans_a and len(a) >= 2 else a[-1]
        total += 2 * int(np.prod(out)) * inner
    return total


def main() -> None:
    manifest = json.loads((ROOT / "public" / "models" / "manifest.json").read_text())
    print(json.dumps({m["id"]: flops_per_window(ROOT / "public" / "models" / m["file"]) for m in manifest["models"]}))


if __name__ == "__main__":
    main()
