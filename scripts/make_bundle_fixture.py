"""Write the results-bundle fixture the app's tests open (src/predictors/resultsBundle.test.ts).

- e2e/fixtures/bundle/ood600.npz: the first 600 rows of the shipped OOD split (vectors <f2 as
  shipped, article_ids <i4), a stream the app loads like any user file.
- e2e/fixtures/bundle/recent3.onnx: a K = 3 model, prediction = 0.2·c1 + 0.3·c2 + 0.5·c3.
- e2e/fixtures/bundle/results/: `python -m training evaluate` on it with two committed fixture
  models (e2e/fixtures/models/torch_user_model.onnx, K = 5; recent3.onnx, K = 3, so the bundle
  holds windows of two K).

Fixture models rather than public/models, which are retrained from time to time: the bundle names
each model's SHA-256, and the test checks the files it loads are those. Run from the repo root:
python3 scripts/make_bundle_fixture.py
"""
from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "e2e" / "fixtures" / "bundle"
ROWS = 600


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An uncompressed .npz with a fixed timestamp: the same arrays give the same bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for key, arr in arrays.items():
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(2026, 1, 1, 0, 0, 0))
            with z.open(info, "w") as f:
                np.lib.format.write_array(f, np.ascontiguousarray(arr), allow_pickle=False)


def recent3(path: Path, dim: int = 384) -> None:
    """prediction [batch, D] = the last three context vectors weighted 0.2, 0.3, 0.5."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = numpy_helper.from_array(np.array([0.2, 0.3, 0.5], np.float32).reshape(1, 3, 1), "weights")
    axes = numpy_helper.from_array(np.array([1], np.int64), "axes")
    graph = helper.make_graph(
        [helper.make_node("Mul", ["context", "weights"], ["weighted"]),
         helper.make_node("ReduceSum", ["weighted", "axes"], ["prediction"], keepdims=0)],
        "recent3",
        [helper.make_tensor_value_info("context", TensorProto.FLOAT, ["batch", 3, dim])],
        [helper.make_tensor_value_info("prediction", TensorProto.FLOAT, ["batch", dim])],
        [w, axes],
    )
    model = helper.make_model(graph, producer_name="lvm-lens/scripts/make_bundle_fixture.py",
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    model.metadata_props.append(onnx.StringStringEntryProto(key="lvm.id", value="recent3"))
    onnx.checker.check_model(model, full_check=True)
    path.write_bytes(model.SerializeToString())


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from training.__main__ import main as cli

    data = ROOT / "public" / "data"
    spec = json.loads((data / "dataset.json").read_text())["splits"]["ood"]
    vectors = np.load(data / spec["vectors"], allow_pickle=False)[:ROWS]
    article = np.asarray(json.loads((data / spec["sentences"]).read_text())["article"][:ROWS], dtype="<i4")
    OUT.mkdir(parents=True, exist_ok=True)
    write_npz(OUT / "ood600.npz", {"vectors": vectors.astype("<f2"), "article_ids": article})
    shutil.rmtree(OUT / "results", ignore_errors=True)
    recent3(OUT / "recent3.onnx")
    cli(["evaluate", "--data", "e2e/fixtures/bundle/ood600.npz", "--train-mean", "public/data/train_mean.npy",
         "--models", "e2e/fixtures/models/torch_user_model.onnx", "e2e/fixtures/bundle/recent3.onnx",
         "--out", "e2e/fixtures/bundle/results", "--cpu"])


if __name__ == "__main__":
    main()
