"""export_model: a PyTorch [batch, K, D] -> [batch, D] module to the ONNX file the app loads.

The graph is written exactly as the shipped models are (training/export.py: TorchScript export at
its opset, input `context`, outputs `prediction` and `attention`, a dynamic batch axis, stable
names, config in metadata_props), then run in onnxruntime against the module before it is kept.
"""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import onnx
import torch

from training.export import FP16_MIN_ELEMENTS, OPSET, make_deterministic, store_fp16, to_onnx

INPUT = "context"
TOLERANCE = 1e-4
PARITY_WINDOWS = 64

__all__ = ["export_model", "ExportError", "INPUT", "OPSET", "TOLERANCE"]


class ExportError(ValueError):
    """A module the app could not read, or an export that does not reproduce the module."""


def _outputs(model: torch.nn.Module, k: int, d: int) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Run the module on a [2, K, D] batch and check what it returns against the app's contract."""
    x = torch.randn(2, k, d, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        out = model(x)
    parts = list(out) if isinstance(out, (tuple, list)) else [out]
    if not parts or len(parts) > 2 or not all(isinstance(p, torch.Tensor) for p in parts):
        raise ExportError(f"the model returns {type(out).__name__} of {len(parts)} values; expected a tensor "
                          "[batch, D], or a tuple (prediction [batch, D], attention [batch, ..., K])")
    pred = parts[0]
    if tuple(pred.shape) != (2, d) or not pred.is_floating_point():
        raise ExportError(f"for an input [2, {k}, {d}] the model returns {pred.dtype} of shape {list(pred.shape)}; "
                          f"the app expects a float prediction [batch, D] = [2, {d}]")
    attn = parts[1] if len(parts) == 2 else None
    if attn is not None and (not 2 <= attn.dim() <= 4 or attn.shape[0] != 2 or attn.shape[-1] != k):
        raise ExportError(f"the second output has shape {list(attn.shape)}; attention must be [batch, ..., K] "
                          f"(rank 2 to 4, last axis K = {k})")
    return pred, attn


def _metadata(k: int, d: int, model_id: str, name: str | None, epoch: int | None,
              config: Mapping[str, Any] | None, extra: Mapping[str, Any] | None) -> dict[str, str]:
    """The keys the shipped exports write (training/train.py export_epoch), plus the user's own."""
    meta = {"lvm.id": model_id, "lvm.k": str(k), "lvm.dim": str(d), "lvm_lens.model_id": model_id}
    if name is not None:
        meta["lvm_lens.name"] = name
    if epoch is not None:
        if int(epoch) != epoch or epoch < 0:
            raise ExportError(f"epoch must be a whole number >= 0; found {epoch!r}")
        meta["lvm_lens.epoch"] = str(int(epoch))
    if config is not None:
        meta["lvm_lens.config"] = json.dumps(dict(config), sort_keys=True, default=str)
    for key, value in (extra or {}).items():
        meta[str(key)] = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return meta


def _reference(model: torch.nn.Module, fp16: bool) -> torch.nn.Module:
    """The module the file should reproduce: with fp16, its large weights rounded as the file stores them."""
    if not fp16:
        return model
    ref = copy.deepcopy(model)
    with torch.no_grad():
        for p in ref.parameters():
            if p.is_floating_point() and p.numel() >= FP16_MIN_ELEMENTS:
                p.copy_(p.half().float())
    return ref


def parity(path: Path, model: torch.nn.Module, windows: np.ndarray) -> float:
    """max |onnxruntime - module| over every output, at batch 1 and at the whole batch."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    with torch.no_grad():
        ref = model(torch.from_numpy(windows))
    ref = [r.numpy() for r in (ref if isinstance(ref, (tuple, list)) else [ref])]
    worst = 0.0
    for batch in (windows[:1], windows):
        got = session.run(None, {INPUT: batch})
        for g, r in zip(got, ref):
            if g.shape != r[: len(batch)].shape:
                raise ExportError(f"{path.name}: onnxruntime returned shape {list(g.shape)} for a batch of "
                                  f"{len(batch)}; the module returned {list(r[: len(batch)].shape)}")
            worst = max(worst, float(np.abs(g - r[: len(batch)]).max()))
    return worst


def export_model(model: torch.nn.Module, path: str | os.PathLike, K: int, D: int, *, model_id: str | None = None,
                 name: str | None = None, epoch: int | None = None, config: Mapping[str, Any] | None = None,
                 metadata: Mapping[str, Any] | None = None, windows: np.ndarray | None = None, fp16: bool = False,
                 tolerance: float = TOLERANCE, verbose: bool = True) -> Path:
    """Export `model` ([batch, K, D] -> [batch, D], optionally (prediction, attention)) to `path` as the app
    reads it, and check it in onnxruntime against the module on `windows` (default: 64 seeded unit-vector
    windows). Raises ExportError, and writes nothing, when the module does not fit or max |diff| > tolerance.

    `epoch` marks a per-epoch checkpoint (the Checkpoints view orders files by it); `model_id` defaults to
    the file stem; `fp16` stores large weights as float16 (half the file; compared against the rounded module).
    """
    path = Path(path)
    if path.suffix.lower() != ".onnx":
        raise ExportError(f"{path.name}: the app loads .onnx files; name the file <something>.onnx")
    if not (isinstance(K, int) and isinstance(D, int) and K > 0 and D > 0):
        raise ExportError(f"K and D must be positive integers; found K={K!r}, D={D!r}")
    model = model.eval()
    _, attn = _outputs(model, K, D)
    names = ["prediction", "attention"] if attn is not None else ["prediction"]
    model_id = model_id or path.stem
    meta = _metadata(K, D, model_id, name, epoch, config, metadata)
    if windows is None:
        w = torch.randn(PARITY_WINDOWS, K, D, generator=torch.Generator().manual_seed(1))
        windows = torch.nn.functional.normalize(w, dim=-1).numpy()
    windows = np.ascontiguousarray(windows, dtype=np.float32)
    if windows.ndim != 3 or windows.shape[1:] != (K, D):
        raise ExportError(f"parity windows must be [n, {K}, {D}]; found {list(windows.shape)}")

    example = torch.from_numpy(windows[:2].copy()) if len(windows) >= 2 else torch.zeros(2, K, D)
    proto = to_onnx(model, names, INPUT, {n: {0: "batch"} for n in [INPUT, *names]}, example)
    if fp16:
        proto = store_fp16(proto)
    proto = make_deterministic(proto, meta)
    onnx.checker.check_model(proto, full_check=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    # written beside the target and renamed once it checks out: a watcher never sees half a file
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(proto.SerializeToString())
    try:
        diff = parity(tmp, _reference(model, fp16), windows)
        if verbose:
            print(f"{path.name}: parity max|diff| {diff:.2e} over {len(windows)} windows "
                  f"(onnxruntime vs PyTorch, batch 1 and {len(windows)})", flush=True)
        if not diff <= tolerance:  # also catches NaN
            raise ExportError(f"{path.name}: onnxruntime differs from the module by max|diff| {diff:.3e} "
                              f"> {tolerance:g}; the file was not written")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
