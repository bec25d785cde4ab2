"""The predictors of a results bundle: ONNX models on onnxruntime, and the baselines of docs/metrics.md."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .bank_shard import unit_rows
from .bundle_io import BundleError, Data
from .bundle_search import Windows
from .sources import sha256_file

BASELINE_NAMES = {"linear_average": "Linear average", "persistence": "Persistence", "global_mean": "Global mean"}


@dataclass
class Model:
    id: str
    name: str
    path: Path
    sha256: str
    k: int | None  # None: dynamic
    dim: int | None
    input: str
    output: str
    session: object


def load_model(path: Path, providers: list[str], threads: int | None = None) -> Model:
    """An ONNX LVM: input [batch, K, D], a 2-D prediction output (named 'prediction' when there are several)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    session = ort.InferenceSession(str(path), opts, providers=providers)
    inp = session.get_inputs()[0]
    if len(inp.shape) != 3:
        raise BundleError(f"{path.name}: expected an input [batch, K, D]; found {inp.name} {inp.shape}")
    outs = session.get_outputs()
    out = next((o for o in outs if o.name == "prediction"), None) or next((o for o in outs if len(o.shape) == 2), None)
    if out is None:
        raise BundleError(f"{path.name}: expected a [batch, D] output; found {[(o.name, o.shape) for o in outs]}")
    meta = session.get_modelmeta().custom_metadata_map
    fixed = lambda v: v if isinstance(v, int) else None  # noqa: E731
    names = {}
    shipped = path.parent / "manifest.json"
    if shipped.exists():
        names = {m["file"]: m for m in json.loads(shipped.read_text()).get("models", [])}
    model_id = meta.get("lvm.id") or path.stem
    return Model(model_id, names.get(path.name, {}).get("name", model_id), path, sha256_file(path),
                 fixed(inp.shape[1]), fixed(inp.shape[2]), inp.name, out.name, session)


def run_model(model: Model, data: Data, win: Windows, batch: int = 1024) -> np.ndarray:
    """Predictions [W, D] float32 for every window, in batches gathered from the (mapped) data."""
    out = np.empty((len(win.target_idx), data.dim), np.float32)
    for s in range(0, len(out), batch):
        e = min(s + batch, len(out))
        out[s:e] = model.session.run([model.output], {model.input: win.contexts(data, s, e)})[0]
    return out


def run_baseline(bid: str, data: Data, win: Windows, batch: int = 16384) -> np.ndarray:
    """docs/metrics.md baselines: normalize(mean(context)), the last context vector, normalize(train mean)."""
    out = np.empty((len(win.target_idx), data.dim), np.float32)
    for s in range(0, len(out), batch):
        e = min(s + batch, len(out))
        if bid == "global_mean":
            out[s:e] = unit_rows(data.train_mean[None])
            continue
        c = win.contexts(data, s, e)
        out[s:e] = unit_rows(c.mean(axis=1)) if bid == "linear_average" else c[:, -1]
    return out


