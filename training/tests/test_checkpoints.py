"""--export-every-epoch: one ONNX per epoch, its epoch and config in the metadata (tiny synthetic data)."""
from __future__ import annotations

import json

import numpy as np
import onnx
import pytest

from training import __main__ as cli
from training.data import DIM, make_split
from training.export import ort_predict
from training.models import build
from training.train import epoch_path, export_epoch, train_model


def synthetic_split(name: str, articles: int, sentences: int, seed: int):
    """Random unit vectors, `articles` articles of `sentences` chunks: a few windows each."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(articles):
        for s in range(sentences):
            v = rng.standard_normal(DIM).astype(np.float32)
            rows.append((a, f"{name} {a}.{s}", v / np.linalg.norm(v)))
    return make_split(name, rows)


def metadata(path) -> dict[str, str]:
    return {p.key: p.value for p in onnx.load(str(path)).metadata_props}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    runs = tmp_path_factory.mktemp("runs")
    splits = {"train": synthetic_split("train", 4, 8, 1), "val": synthetic_split("val", 2, 7, 2)}
    record = train_model("amn", max_epochs=2, splits=splits, export_every_epoch=True, runs=runs)
    return runs, record, splits


def test_each_epoch_writes_an_onnx_with_its_epoch_and_config(run):
    runs, record, _ = run
    files = sorted((runs / "amn" / "epochs").glob("*.onnx"))
    assert [f.name for f in files] == ["amn_epoch01.onnx", "amn_epoch02.onnx"]
    assert [r["epoch"] for r in record["history"]] == [1, 2]
    for epoch, f in enumerate(files, start=1):
        meta = metadata(f)
        assert meta["lvm_lens.epoch"] == str(epoch)
        assert meta["lvm_lens.model_id"] == "amn"
        assert json.loads(meta["lvm_lens.config"])["model_id"] == "amn"
        assert json.loads(meta["lvm_lens.history"])["val_hit5"] == record["history"][epoch - 1]["val_hit5"]


def test_the_epochs_predict_differently(run):
    runs, _, splits = run
    x = splits["val"].contexts  # [W, K, D]
    one = ort_predict(epoch_path("amn", 1, runs), x)["prediction"]
    two = ort_predict(epoch_path("amn", 2, runs), x)["prediction"]
    assert one.shape == (len(x), DIM)
    assert np.abs(one - two).max() > 1e-4


def test_an_epoch_export_is_deterministic(tmp_path):
    model = build("amn")
    row = {"epoch": 3, "val_hit5": 0.5, "seconds": 1.0}
    a = export_epoch(model, "amn", row, tmp_path / "a").read_bytes()
    b = export_epoch(model, "amn", {**row, "seconds": 9.0}, tmp_path / "b").read_bytes()
    assert a == b


def test_the_cli_flag_reaches_training(monkeypatch):
    calls = []
    monkeypatch.setattr("training.train.train_model", lambda model_id, **kw: calls.append((model_id, kw)))
    cli.main(["train", "--model", "amn", "--epochs", "2", "--export-every-epoch"])
    cli.main(["train", "--model", "gru"])
    assert calls == [
        ("amn", {"max_epochs": 2, "export_every_epoch": True}),
        ("gru", {"max_epochs": None, "export_every_epoch": False}),
    ]


def test_a_stopped_run_resumes_where_it_was_and_the_checkpoint_rebuilds_the_model(run, tmp_path, monkeypatch):
    """Two epochs run as 1 + 1 (the second call resumes from runs/amn.last.pt and trains one epoch only)
    give the same history and weights as two epochs in one go; runs/amn.pt rebuilds the model from
    its config alone."""
    import torch

    from training import train as train_module
    from training.train import load_checkpoint

    _, straight, splits = run
    train_model("amn", max_epochs=1, splits=splits, runs=tmp_path)
    steps = []
    real_step = train_module.train_step
    monkeypatch.setattr(train_module, "train_step", lambda *a: steps.append(1) or real_step(*a))
    resumed = train_model("amn", max_epochs=2, splits=splits, runs=tmp_path)
    windows = len(splits["train"].target_idx)
    assert len(steps) == -(-windows // train_module.BATCH)  # one epoch's steps, not two
    strip = lambda h: [{k: v for k, v in r.items() if k != "seconds"} for r in h]  # noqa: E731
    assert strip(resumed["history"]) == strip(straight["history"])
    model, config = load_checkpoint(tmp_path / "amn.pt")
    assert config["model_args"] == {"d": DIM, "k": 5} and config["recipe"]["model_id"] == "amn"
    x = torch.from_numpy(splits["val"].contexts[:3])
    reference, _ = load_checkpoint(run[0] / "amn.pt")
    assert torch.allclose(model(x)[0], reference(x)[0], atol=1e-6)
