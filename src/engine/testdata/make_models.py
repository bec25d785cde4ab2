"""Tiny ONNX models for the engine's unit tests (run: python make_models.py; needs torch, onnx).

lvm_k5_d16.onnx   an attention-pooling LVM: context [batch, 5, 16] -> prediction [batch, 16], attention [batch, 5]
fixed_batch1.onnx the same weights exported without dynamic axes: [1, 5, 16]
wrong_rank2.onnx  a Linear on [batch, 16] (not an LVM)
hardmax.onnx      an LVM-shaped graph using Hardmax, which ORT-web's WebGPU EP lacks (CPU-only node)
reference.json    inputs and torch outputs for 3 windows, for parity checks
"""

import json

import onnx
import torch
import torch.nn as nn
from onnx import TensorProto
from onnx import helper as oh

K, D = 5, 16


class AttnPool(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.q = nn.Linear(D, D)
        self.score = nn.Linear(D, 1)
        self.out = nn.Linear(D, D)

    def forward(self, x: torch.Tensor):  # x: [B, K, D]
        a = torch.softmax(self.score(torch.tanh(self.q(x))).squeeze(-1), dim=-1)  # [B, K]
        y = self.out((a.unsqueeze(-1) * x).sum(1))  # [B, D]
        return y / y.norm(dim=-1, keepdim=True), a


def export(model: nn.Module, x: torch.Tensor, path: str, inputs, outputs, dynamic) -> None:
    torch.onnx.export(model, (x,), path, input_names=inputs, output_names=outputs,
                      dynamic_axes=dynamic, opset_version=17, dynamo=False)


def hardmax_model(path: str) -> None:
    x = oh.make_tensor_value_info("context", TensorProto.FLOAT, ["batch", K, D])
    y = oh.make_tensor_value_info("prediction", TensorProto.FLOAT, ["batch", D])
    axes = oh.make_tensor("axes", TensorProto.INT64, [1], [1])
    nodes = [
        oh.make_node("ReduceMean", ["context", "axes"], ["mean"], keepdims=0),  # [B, D]
        oh.make_node("Hardmax", ["mean"], ["prediction"], axis=-1),  # [B, D]
    ]
    graph = oh.make_graph(nodes, "hardmax", [x], [y], initializer=[axes])
    model = oh.make_model(graph, opset_imports=[oh.make_opsetid("", 18)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


if __name__ == "__main__":
    torch.manual_seed(0)
    m = AttnPool().eval()
    x = torch.randn(3, K, D)
    batch = {0: "batch"}
    export(m, x, "lvm_k5_d16.onnx", ["context"], ["prediction", "attention"],
           {"context": batch, "prediction": batch, "attention": batch})
    export(m, x[:1], "fixed_batch1.onnx", ["context"], ["prediction", "attention"], None)
    export(nn.Linear(D, D).eval(), torch.randn(2, D), "wrong_rank2.onnx", ["x"], ["y"],
           {"x": batch, "y": batch})
    hardmax_model("hardmax.onnx")
    with torch.no_grad():
        pred, att = m(x)
    json.dump({"k": K, "d": D, "input": x.flatten().tolist(), "prediction": pred.flatten().tolist(),
               "attention": att.flatten().tolist()}, open("reference.json", "w"))
