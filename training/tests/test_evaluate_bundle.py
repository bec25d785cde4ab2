"""`python -m training evaluate`: onnxruntime + the bank scan equal training/metrics.py and a float64 brute force."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from onnx import TensorProto, helper

from training.__main__ import main as cli
from training.data import PUBLIC_DATA
from training.bundle_io import BundleError, load_data
from training.bundle_search import cut_windows
from training.evaluate_bundle import MANIFEST
from training.export import PUBLIC_MODELS
from training.metrics import baseline_predictions, evaluate, evaluate_windows, normalize, ranks, top_k

MODELS = sorted(PUBLIC_MODELS.glob("*.onnx"))


def mean_model(path: Path, k: int | str, dim: int) -> Path:
    """A tiny ONNX LVM: prediction = mean of the context (K fixed or dynamic)."""
    node = helper.make_node("ReduceMean", ["context"], ["prediction"], axes=[1], keepdims=0)
    graph = helper.make_graph(
        [node], "mean",
        [helper.make_tensor_value_info("context", TensorProto.FLOAT, ["batch", k, dim])],
        [helper.make_tensor_value_info("prediction", TensorProto.FLOAT, ["batch", dim])],
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    proto.ir_version = 8
    path.write_bytes(proto.SerializeToString())
    return path


def assert_ranks_equal(got, pred, bank, context_idx, target_idx, eps=1e-6):
    """Ranks are training.metrics.ranks exactly, and equal a float64 brute force (np.linalg.norm, BLAS)
    except where a bank entry is within float32 rounding of the target's score (unit rows are float32,
    as in the app): there by at most the number of such near-ties."""
    expected = ranks(pred, bank, context_idx, target_idx)
    np.testing.assert_array_equal(got, expected)
    scores = normalize(pred) @ normalize(bank).T
    ex = np.zeros(scores.shape, bool)
    bits = np.ascontiguousarray(bank, dtype=np.float32).view(np.uint32)
    for w in range(len(pred)):
        for c in context_idx[w][context_idx[w] >= 0]:
            ex[w] |= (bits == bits[c]).all(axis=1)
        ex[w, target_idx[w]] = False
    s_t = scores[np.arange(len(pred)), target_idx]
    brute = 1 + ((scores > s_t[:, None]) & ~ex).sum(axis=1)
    off = np.nonzero(got != brute)[0]
    near = (np.abs(scores[off] - s_t[off, None]) < eps).sum(axis=1) - 1
    assert (np.abs(got[off] - brute[off]) <= near).all(), (off, got[off], brute[off])
    assert len(off) <= max(1, len(got) // 100)


def load_bundle(out: Path) -> tuple[dict, dict]:
    manifest = json.loads((out / MANIFEST).read_text())
    arrays = {f: np.load(out / f, allow_pickle=False) for f in (p.name for p in out.glob("*.npy"))}
    return manifest, arrays


def brute_force_top(pred, bank, context_idx, target_idx, top):
    """Top-`top` bank rows by cosine, leaving out rows equal by value to a context vector (not the target)."""
    scores = normalize(pred) @ normalize(bank).T
    bits = np.ascontiguousarray(bank, dtype=np.float32).view(np.uint32)
    for w in range(len(pred)):
        for c in context_idx[w]:
            same = (bits == bits[c]).all(axis=1)
            same[target_idx[w]] = False
            scores[w, same] = -np.inf
    ids = np.argsort(-scores, axis=1, kind="stable")[:, :top]
    return ids, np.take_along_axis(scores, ids, 1)


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory):
    """The CLI on the shipped OOD split with every shipped model."""
    out = tmp_path_factory.mktemp("bundle")
    cli(["evaluate", "--data", str(PUBLIC_DATA), "--split", "ood", "--models", *map(str, MODELS),
         "--out", str(out), "--cpu"])
    return out


@pytest.mark.skipif(not MODELS, reason="no shipped models")
def test_demo_bundle_equals_numpy_brute_force(demo_bundle):
    manifest, arrays = load_bundle(demo_bundle)
    data = load_data(PUBLIC_DATA, "ood")
    bank = np.asarray(data.bank, dtype=np.float32)
    assert manifest["format"] == "lvm-lens-results" and manifest["version"] == 1
    assert manifest["dataset"]["sha256"] == hashlib.sha256(bank.astype("<f4").tobytes()).hexdigest()
    assert [m["file"] for m in manifest["models"]] == [p.name for p in MODELS]
    import onnxruntime as ort

    for entry, path in zip(manifest["models"], MODELS):
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        win = cut_windows(data, entry["k"])
        assert np.array_equal(arrays[f"windows.k{entry['k']}.target_rows.npy"], win.target_idx)
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        pred = session.run(["prediction"], {"context": bank[win.context_idx]})[0]
        files = {k: arrays[v] for k, v in entry["files"].items()}
        assert files["predictions"].dtype == np.dtype("<f2") and files["predictions"].shape == pred.shape
        np.testing.assert_allclose(files["predictions"].astype(np.float32), pred, atol=2e-3)
        assert_ranks_equal(files["ranks"], pred, bank, win.context_idx, win.target_idx)
        metrics = evaluate(pred, bank, win.context_idx, win.target_idx)
        for key in ("hit1", "hit5", "hit10", "hit20", "mrr"):
            assert entry["metrics"][key] == pytest.approx(metrics[key], abs=1e-4), key
        assert entry["metrics"]["cosine_mean"] == pytest.approx(metrics["cosine_mean"], abs=1e-4)
        ids, scores = brute_force_top(pred, bank, win.context_idx, win.target_idx, manifest["retrieval"]["top"])
        np.testing.assert_allclose(files["top_scores"], scores, atol=1e-5)
        assert (files["top_ids"] == ids).mean() > 0.99  # equal up to the order of exact ties
        exact_ids, _ = top_k(pred, bank, win.context_idx, manifest["retrieval"]["top"], win.target_idx)
        np.testing.assert_array_equal(files["top_ids"], exact_ids)


@pytest.mark.skipif(not MODELS, reason="no shipped models")
def test_demo_baselines_equal_training_metrics(demo_bundle):
    manifest, _ = load_bundle(demo_bundle)
    data = load_data(PUBLIC_DATA, "ood")
    bank = np.asarray(data.bank, dtype=np.float32)
    win = cut_windows(data, 5)
    preds = baseline_predictions(bank[win.context_idx], data.train_mean)
    at_k5 = [b for b in manifest["baselines"] if b["k"] == 5]  # the K=32 model adds a second set at K=32
    assert [b["id"] for b in at_k5] == list(preds)
    assert {b["k"] for b in manifest["baselines"]} == {m["k"] for m in manifest["models"]}
    for b in at_k5:
        m = evaluate(preds[b["id"]], bank, win.context_idx, win.target_idx)
        for key in ("hit1", "hit5", "hit10", "mrr"):
            assert b["metrics"][key] == pytest.approx(m[key], abs=1e-6), (b["id"], key)


def duplicated_stream(rng, n=400, d=16):
    """A stream with exact duplicate rows across articles (so exclusion by value and ties matter)."""
    v = rng.standard_normal((n, d)).astype(np.float32)
    v[50] = v[3]  # a context value recurring in another article
    v[120] = v[121]  # a duplicate of a target inside its own article
    v[300:305] = v[10:15]  # a whole context recurring
    art = np.repeat(np.arange(n // 20), 20)
    return v, art


@pytest.mark.parametrize("memory_args", [[], ["--memory-gb", "0"]])
def test_duplicates_ties_and_memory_mapped_bank(tmp_path, memory_args):
    v, art = duplicated_stream(np.random.default_rng(0))
    np.save(tmp_path / "stream.npy", v)
    np.save(tmp_path / "articles.npy", art)
    model = mean_model(tmp_path / "mean.onnx", "K", v.shape[1])
    out = tmp_path / "out"
    cli(["evaluate", "--data", str(tmp_path / "stream.npy"), "--article-ids", str(tmp_path / "articles.npy"),
         "--models", str(model), "--out", str(out), "--no-baselines", *memory_args])
    manifest, arrays = load_bundle(out)
    entry = manifest["models"][0]
    assert entry["k"] == 5 and entry["n"] == (400 // 20) * 15  # dynamic K takes the default K
    win = cut_windows(load_data(tmp_path / "stream.npy", article_ids=str(tmp_path / "articles.npy")), 5)
    pred = v[win.context_idx].mean(axis=1)
    assert_ranks_equal(arrays[entry["files"]["ranks"]], pred, v, win.context_idx, win.target_idx)
    ids, _ = brute_force_top(pred, v, win.context_idx, win.target_idx, 10)
    assert np.array_equal(v[arrays[entry["files"]["top_ids"]]], v[ids])  # exact duplicates may swap places
    exact_ids, _ = top_k(pred, v, win.context_idx, 10, win.target_idx)
    np.testing.assert_array_equal(arrays[entry["files"]["top_ids"]], exact_ids)  # ... but not in the scan


def test_windows_file_cut_to_the_models_k(tmp_path):
    rng = np.random.default_rng(1)
    d = 32
    centres = rng.standard_normal((40, d))
    bank = (centres[rng.integers(0, 40, 3000)] + 0.3 * rng.standard_normal((3000, d))).astype(np.float32)
    start = rng.choice(2990, 200, replace=False)
    contexts = bank[start[:, None] + np.arange(6)]  # K = 6 windows
    targets = bank[start + 6]
    np.savez(tmp_path / "win.npz", contexts=contexts, targets=targets, bank=bank)
    model = mean_model(tmp_path / "m4.onnx", 4, d)  # a K = 4 model keeps each window's last 4 vectors
    out = tmp_path / "out"
    cli(["evaluate", "--data", str(tmp_path / "win.npz"), "--models", str(model), "--out", str(out)])
    manifest, arrays = load_bundle(out)
    entry = manifest["models"][0]
    pred = contexts[:, 2:].mean(axis=1)
    expected = evaluate_windows(pred, contexts[:, 2:], targets, bank)
    assert entry["k"] == 4 and entry["metrics"]["hit5"] == pytest.approx(expected["hit5"], abs=1e-6)
    assert entry["metrics"]["mrr"] == pytest.approx(expected["mrr"], abs=1e-6)
    assert {b["k"] for b in manifest["baselines"]} == {4}


def test_memory_mapped_float16_windows_folder(tmp_path):
    """contexts.npy + targets.npy + bank.npy (float16, memory-mapped), found in the bank by value."""
    rng = np.random.default_rng(3)
    bank = normalize(rng.standard_normal((2000, 24))).astype("<f2")
    bank[1500] = bank[10]  # a context value recurring elsewhere in the bank
    start = np.arange(0, 1800, 9)
    folder = tmp_path / "win"
    folder.mkdir()
    np.save(folder / "bank.npy", bank)
    np.save(folder / "contexts.npy", bank[start[:, None] + np.arange(5)])
    np.save(folder / "targets.npy", bank[start + 5])
    model = mean_model(tmp_path / "m.onnx", 5, 24)
    cli(["evaluate", "--data", str(folder), "--models", str(model), "--out", str(tmp_path / "out"),
         "--memory-gb", "0", "--no-baselines"])
    manifest, arrays = load_bundle(tmp_path / "out")
    data = load_data(folder)
    assert isinstance(data.bank, np.memmap) and data.kind == "windows"
    b32 = bank.astype(np.float32)
    contexts = b32[start[:, None] + np.arange(5)]
    pred = contexts.mean(axis=1)
    assert np.array_equal(arrays["windows.k5.target_rows.npy"], start + 5)
    assert_ranks_equal(arrays["m.ranks.npy"], pred, b32, start[:, None] + np.arange(5), start + 5)
    expected = evaluate_windows(pred, contexts, b32[start + 5], b32)
    assert manifest["models"][0]["metrics"]["mrr"] == pytest.approx(expected["mrr"], abs=1e-4)


def test_refusals_name_what_was_expected_and_found(tmp_path):
    v = np.random.default_rng(2).standard_normal((50, 8)).astype(np.float32)
    v[7] = 0
    np.save(tmp_path / "zero.npy", v)
    with pytest.raises(BundleError, match="row 7"):
        load_data(tmp_path / "zero.npy")
    np.savez(tmp_path / "odd.npz", foo=np.zeros((3, 4, 5, 6), np.float32))
    with pytest.raises(BundleError, match=r"expected 'vectors'.*found foo \[3, 4, 5, 6\]"):
        load_data(tmp_path / "odd.npz")
    v[7] = 1
    np.save(tmp_path / "ok.npy", v)
    model = mean_model(tmp_path / "m.onnx", 5, 16)
    with pytest.raises(BundleError, match="expects 16-D"):
        cli(["evaluate", "--data", str(tmp_path / "ok.npy"), "--models", str(model), "--out", str(tmp_path / "o")])
