"""Writes what e2e/workspace.spec.ts opens with `lvm-lens open`, as a user's own script would.

    python3 scripts/workspace_e2e.py DIR               two models, a dataset, epoch 1 of a checkpoint, expected.json
    python3 scripts/workspace_e2e.py DIR --epoch N     epoch N of the checkpoint (the watched folder grows)

expected.json holds each model's metrics computed here with onnxruntime on the windows the app
cuts from the dataset (training.data.make_windows), for the spec to compare Compare's numbers with.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lvm_lens import export_model, save_dataset  # noqa: E402
from training.data import make_windows  # noqa: E402
from training.export import ort_predict  # noqa: E402
from training.metrics import evaluate  # noqa: E402

K, D = 3, 32
ARTICLES, PER_ARTICLE = 5, 24


class MeanMlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(D, D)

    def forward(self, x):  # [B, K, D] -> [B, D]
        return self.fc(x.mean(1))


class AttnPool(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(D, 1)
        self.out = torch.nn.Linear(D, D)

    def forward(self, x):  # [B, K, D] -> ([B, D], [B, K])
        a = torch.softmax(self.score(x).squeeze(-1), dim=-1)
        return self.out((a.unsqueeze(-1) * x).sum(1)), a


def stream() -> tuple[np.ndarray, np.ndarray]:
    """Each article a slowly turning direction, so the next vector is predictable from the last K."""
    rng = np.random.default_rng(0)
    rows, articles = [], []
    for a in range(ARTICLES):
        v = rng.standard_normal(D)
        for _ in range(PER_ARTICLE):
            v = v + 0.4 * rng.standard_normal(D)
            rows.append(v / np.linalg.norm(v))
            articles.append(a)
    return np.asarray(rows, np.float32), np.asarray(articles)


def checkpoint(out: Path, epoch: int) -> Path:
    torch.manual_seed(100 + epoch)
    return export_model(MeanMlp(), out / f"ckpt_epoch{epoch:02d}.onnx", K, D, model_id="ckpt", epoch=epoch)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("out", type=Path)
    p.add_argument("--epoch", type=int)
    args = p.parse_args()
    if args.epoch is not None:
        checkpoint(args.out, args.epoch)
        return
    vectors, articles = stream()
    save_dataset(args.out / "my_stream.npz", vectors=vectors, article_ids=articles,
                 texts=[f"sentence {i} of article {a}" for i, a in enumerate(articles)])
    ctx, tgt = make_windows(articles, K)
    expected = {"windows": int(len(tgt)), "models": {}}
    for name, cls, seed in (("mean_mlp", MeanMlp, 1), ("attn_pool", AttnPool, 2)):
        torch.manual_seed(seed)
        path = export_model(cls(), args.out / f"{name}.onnx", K, D)
        pred = ort_predict(path, vectors[ctx])["prediction"]
        expected["models"][name] = evaluate(pred, vectors, ctx, tgt)
    checkpoint(args.out, 1)
    (args.out / ".expected.json").write_text(json.dumps(expected, indent=1))  # hidden: not served


if __name__ == "__main__":
    main()
