"""ONNX export (fp16-stored weights), manifest with measured metrics, and test fixtures."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import torch

from .data import DIM, ENCODER, K, PUBLIC_DATA, ROOT, Split, load_dataset, save_npy
from .demo_data import SHIPPED_SPLITS, load_public_split
from .manifest_metrics import (BASELINE_NAMES, CURVE_KS, FULL_SPLITS, REFERENCE_NAMES, FullEvaluation, baseline_metrics,
                               context_curve, ort_predict)
from .metrics import evaluate_split, rounded
from .models import MODEL_IDS, count_params, predict
from .sources import sha256_file as sha256  # one streamed file hash for the manifest, bundles and sources
# the ONNX writing itself lives in onnx_export.py (train.py needs it too); named here for existing callers
from .onnx_export import FP16_MIN_ELEMENTS, OPSET, export_model, make_deterministic, store_fp16, to_onnx  # noqa: F401
from .train import RUNS, load_checkpoint, seed_everything

PUBLIC_MODELS = ROOT / "public" / "models"
PARITY = ROOT / "e2e" / "fixtures" / "parity"
SIGNATURES = ROOT / "e2e" / "fixtures" / "models"
PARITY_WINDOWS = 256


def parity_contexts(split, n: int = PARITY_WINDOWS, k: int = K) -> np.ndarray:
    """n real OOD contexts [n, K, D]: K consecutive chunks of one article, spread evenly over the stream.

    Contexts need no target here, so runs that end an article count too.
    """
    a = split.article
    starts = np.array([s for s in range(len(a) - k + 1) if a[s] == a[s + k - 1]])
    pick = starts[np.linspace(0, len(starts) - 1, n).round().astype(np.int64)]
    return split.vectors[pick[:, None] + np.arange(k)].astype(np.float32)


def parity_windows_file(k: int) -> str:
    """The parity windows of context length k: windows.npy for the fleet's K=5, windows_k{k}.npy otherwise."""
    return "windows.npy" if k == K else f"windows_k{k}.npy"


def model_entry(model_id: str, model: torch.nn.Module, path: Path, record: dict, metrics: dict) -> dict:
    k, d = model.k, model.d
    outputs = [{"name": "prediction", "shape": ["batch", d]}]
    if model.attention_shape:
        shape = [k if s == "K" else s for s in model.attention_shape]
        outputs.append({"name": "attention", "shape": shape})
    return {
        "id": model_id,
        "name": model.name,
        "architecture": model.architecture,
        "params": count_params(model),
        "D": d,
        "K": k,
        "file": path.name,
        "bytes": path.stat().st_size,
        "sha256": sha256(path),
        "encoder": ENCODER["name"],
        "inputs": [{"name": "context", "shape": ["batch", k, d]}],
        "outputs": outputs,
        "config": record["config"],
        "history": record["history"],
        "best_epoch": record["best_epoch"],
        "stopped_by": record["stopped_by"],
        "train_seconds": record["train_seconds"],
        "train_windows": record["train_windows"],
        "windows_seen": record["windows_seen"],
        "metrics": metrics,
    }


def export_all(ids: list[str] = MODEL_IDS) -> dict:
    """Export every trained model and write the manifest. Metrics are measured with onnxruntime:
    `metrics` on the shipped samples by the app's rule (public/data, exactly what the app loads, so
    Compare can be checked against them) and `metrics_full` on the whole val, OOD and stress splits,
    one bank per source and the macro average over sources (the leaderboard), with `vs_linear_average`:
    the difference to the linear average on the same windows and its bootstrap interval over documents."""
    seed_everything()
    train_mean = np.load(PUBLIC_DATA / "train_mean.npy")
    corpus, all_splits = load_dataset()
    shipped: dict[int, dict[str, Split]] = {}
    full: dict[int, FullEvaluation] = {}
    entries = []
    for model_id in ids:
        model, config = load_checkpoint(RUNS / f"{model_id}.pt")
        k = model.k
        if k not in shipped:
            shipped[k] = {s: load_public_split(s, k) for s in SHIPPED_SPLITS}
            full[k] = FullEvaluation(k, corpus, all_splits, train_mean)
        windows = parity_contexts(shipped[k]["ood"], k=k)  # [256, k, D]
        save_npy(PARITY / parity_windows_file(k), windows)
        meta = {"lvm.id": model_id, "lvm.k": str(k), "lvm.dim": str(model.d),
                "lvm.config": json.dumps(config, sort_keys=True)}
        path = export_model(model, PUBLIC_MODELS / f"{model_id}.onnx", meta=meta)
        with torch.no_grad():
            reference = predict(model, torch.from_numpy(windows)).numpy()
        save_npy(PARITY / f"{model_id}.prediction.npy", reference.astype("<f4"))
        diff = np.abs(ort_predict(path, windows)["prediction"] - reference).max()
        shipped_metrics = {s: rounded(evaluate_split(ort_predict(path, shipped[k][s].contexts)["prediction"], shipped[k][s]))
                           for s in SHIPPED_SPLITS}
        record = json.loads((RUNS / f"{model_id}.json").read_text())
        entry = model_entry(model_id, model, path, record, shipped_metrics)
        entry["metrics_full"], entry["vs_linear_average"] = full[k].model(path)
        if k != K:  # the fleet's baselines are measured on K=5 windows: these are this model's windows
            entry["baselines_same_windows"] = baseline_metrics(shipped[k], train_mean)
            entry["baselines_same_windows_full"] = full[k].baseline_entries([*BASELINE_NAMES, *REFERENCE_NAMES])
            entry["reference_fits_same_windows"] = full[k].fits
            if k == max(CURVE_KS):
                entry["context_curve"] = {s: context_curve(model, full[k].splits[s], full[k].row_source[s]) for s in FULL_SPLITS}
        entries.append(entry)
        print(f"[{model_id}] {path.stat().st_size} bytes, parity max|diff| {diff:.2e}, ood {entry['metrics_full']['ood']}", flush=True)
    shipped.setdefault(K, {s: load_public_split(s, K) for s in SHIPPED_SPLITS})
    if K not in full:
        full[K] = FullEvaluation(K, corpus, all_splits, train_mean)
    full_base = full[K].baseline_entries([*BASELINE_NAMES, *REFERENCE_NAMES])
    baselines = [{"id": bid, "name": BASELINE_NAMES[bid], "metrics": m, "metrics_full": full_base[bid]}
                 for bid, m in baseline_metrics(shipped[K], train_mean).items()]
    reference = [{"id": bid, "name": REFERENCE_NAMES[bid], "fit": full[K].fits[bid], "metrics_full": full_base[bid]}
                 for bid in REFERENCE_NAMES]
    manifest = {"encoder": ENCODER, "dataset": "../data/dataset.json", "k": K, "dim": DIM, "models": entries,
                "baselines": baselines, "reference_baselines": reference,
                "bootstrap": {"reps": 1000, "unit": "document, resampled within each source", "interval": 0.95}}
    (PUBLIC_MODELS / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


class _SignatureMLP(torch.nn.Module):
    """A user-style model with PyTorch-chosen names: x [batch, 5, 384] -> out [batch, 384], attn_w [batch, 5]."""

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(DIM, 1)
        self.fc1 = torch.nn.Linear(K * DIM, 48)
        self.fc2 = torch.nn.Linear(48, DIM)

    def forward(self, x):
        attn_w = torch.softmax(self.score(x).squeeze(-1), dim=-1)  # [B, K]
        out = self.fc2(torch.relu(self.fc1(x.flatten(1))))  # [B, D]
        return out, attn_w


class _WrongRank(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(DIM, DIM)

    def forward(self, x):  # [B, D]: no context axis, so the app must reject it
        return self.fc(x)


class _MeanNormalize(torch.nn.Module):
    def forward(self, x):  # [B, K, D] with every axis dynamic
        m = x.mean(dim=1)
        return m / torch.clamp(torch.sqrt(torch.sum(m * m, dim=-1, keepdim=True)), min=1e-12)


def write_signature_fixtures(out: Path = SIGNATURES) -> list[Path]:
    """Tiny seeded models that exercise the app's signature detection; weights are random on purpose."""
    torch.manual_seed(0)
    out.mkdir(parents=True, exist_ok=True)
    specs = [
        ("torch_user_model.onnx", _SignatureMLP(), ["out", "attn_w"], torch.zeros(2, K, DIM),
         {"x": {0: "batch"}, "out": {0: "batch"}, "attn_w": {0: "batch"}}),
        ("wrong_signature.onnx", _WrongRank(), ["out"], torch.zeros(2, DIM), {"x": {0: "batch"}, "out": {0: "batch"}}),
        ("dynamic_kd.onnx", _MeanNormalize(), ["out"], torch.zeros(2, K, DIM),
         {"x": {0: "batch", 1: "K", 2: "D"}, "out": {0: "batch", 1: "D"}}),
    ]
    paths = []
    for name, model, names, example, dynamic in specs:
        proto = make_deterministic(to_onnx(model, names, "x", dynamic, example), {})
        onnx.checker.check_model(proto, full_check=True)
        (out / name).write_bytes(proto.SerializeToString())
        paths.append(out / name)
    return paths
