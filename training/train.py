"""One training recipe for the whole fleet, with early stopping on val Hit@5."""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .data import ROOT, load_dataset
from .metrics import evaluate_split
from .models import build, predict

RUNS = ROOT / "training" / "runs"
SEED = 0
BATCH = 64
LR = 5e-4
WEIGHT_DECAY = 0.01
MAX_EPOCHS = 30
PATIENCE = 3
TAU = 0.07


def seed_everything(seed: int = SEED) -> None:
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.use_deterministic_algorithms(True)
    # One thread: on the 2 shared cores a second OpenMP thread spins against other jobs (measured 13x slower).
    torch.set_num_threads(1)


def loss_fn(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """MSE + 0.5 (1 - cos) + 0.05 InfoNCE (tau 0.07, in-batch negatives) on unit vectors."""
    pred = F.normalize(pred, dim=-1)  # [B, D]
    target = F.normalize(target, dim=-1)
    mse = F.mse_loss(pred, target)
    cos = (pred * target).sum(-1).mean()
    logits = pred @ target.T / TAU  # [B, B]
    nce = F.cross_entropy(logits, torch.arange(len(pred)))
    return mse + 0.5 * (1 - cos) + 0.05 * nce


@torch.no_grad()
def predict_all(model: torch.nn.Module, contexts: np.ndarray, batch: int = 512) -> np.ndarray:
    """[W, D] predictions in eval mode."""
    model.eval()
    out = [predict(model, torch.from_numpy(contexts[i : i + batch])).numpy() for i in range(0, len(contexts), batch)]
    return np.concatenate(out) if out else np.zeros((0, contexts.shape[-1]), np.float32)


@torch.no_grad()
def eval_loss(model: torch.nn.Module, contexts: np.ndarray, targets: np.ndarray) -> float:
    """Mean batch loss with the training batch size, so it is comparable with the train loss."""
    model.eval()
    losses = [
        loss_fn(predict(model, torch.from_numpy(contexts[i : i + BATCH])), torch.from_numpy(targets[i : i + BATCH])).item()
        for i in range(0, len(contexts), BATCH)
    ]
    return float(np.mean(losses))


def train_step(model, optimizer, x: torch.Tensor, y: torch.Tensor) -> float:
    """One optimisation step; returns the batch loss before the step."""
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(predict(model, x), y)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    return loss.item()


def make_optimizer(model: torch.nn.Module) -> torch.optim.Optimizer:
    return torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)


def epoch_path(model_id: str, epoch: int, runs: Path = RUNS) -> Path:
    """Where --export-every-epoch writes epoch `epoch` of `model_id`: runs/<id>/epochs/<id>_epochNN.onnx."""
    return runs / model_id / "epochs" / f"{model_id}_epoch{epoch:02d}.onnx"


def export_epoch(model: torch.nn.Module, model_id: str, row: dict, runs: Path = RUNS) -> Path:
    """The model as it stands after one epoch, exported like the shipped file, its epoch and config in the metadata."""
    from .data import DIM, K
    from .export import export_model  # export imports this module: import at call time

    config = {"model_id": model_id, "batch": BATCH, "lr": LR, "weight_decay": WEIGHT_DECAY, "seed": SEED, "tau": TAU}
    meta = {
        "lvm.id": model_id,
        "lvm.k": str(K),
        "lvm.dim": str(DIM),
        "lvm_lens.model_id": model_id,
        "lvm_lens.epoch": str(row["epoch"]),
        "lvm_lens.config": json.dumps(config, sort_keys=True),
        # The seconds column is wall time: left out so the same run exports the same bytes.
        "lvm_lens.history": json.dumps({k: v for k, v in row.items() if k != "seconds"}, sort_keys=True),
    }
    return export_model(model, epoch_path(model_id, row["epoch"], runs), meta=meta)


def train_model(
    model_id: str, max_epochs: int | None = None, splits=None, export_every_epoch: bool = False, runs: Path = RUNS
) -> dict:
    """Train one model; saves runs/{id}.pt (best state_dict) and runs/{id}.json (history). Returns the record.

    export_every_epoch also writes each epoch's model as ONNX (see epoch_path)."""
    seed_everything()
    if splits is None:
        _, splits = load_dataset()
    train, val = splits["train"], splits["val"]
    xs, ys = train.contexts, train.targets  # [W, K, D], [W, D]
    vx, vy = val.contexts, val.targets
    model = build(model_id)
    optimizer = make_optimizer(model)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.5, patience=1)
    generator = torch.Generator().manual_seed(SEED)
    history, best, best_key, stale = [], None, None, 0
    started = time.perf_counter()
    for epoch in range(1, (max_epochs or MAX_EPOCHS) + 1):
        t0 = time.perf_counter()
        order = torch.randperm(len(xs), generator=generator).numpy()
        losses = []
        for i in range(0, len(order), BATCH):
            idx = order[i : i + BATCH]
            if len(idx) < 2:  # InfoNCE needs a negative
                continue
            losses.append(train_step(model, optimizer, torch.from_numpy(xs[idx]), torch.from_numpy(ys[idx])))
        m = evaluate_split(predict_all(model, vx), val)
        row = {
            "epoch": epoch,
            "train_loss": round(float(np.mean(losses)), 6),
            "val_loss": round(eval_loss(model, vx, vy), 6),
            "val_cosine": round(m["cosine_mean"], 6),
            "val_hit1": round(m["hit1"], 6),
            "val_hit5": round(m["hit5"], 6),
            "val_hit10": round(m["hit10"], 6),
            "seconds": round(time.perf_counter() - t0, 2),
        }
        history.append(row)
        if export_every_epoch:
            export_epoch(model, model_id, row, runs)
        print(f"[{model_id}] " + " ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        key = (m["hit5"], m["cosine_mean"])  # Hit@5 first; cosine breaks ties on the small val set
        scheduler.step(m["hit5"])
        if best_key is None or key > best_key:
            best_key, stale = key, 0
            best = {"epoch": epoch, "state": {k: v.detach().clone() for k, v in model.state_dict().items()}}
        else:
            stale += 1
            if stale >= PATIENCE:
                break
    record = {
        "id": model_id,
        "history": history,
        "best_epoch": best["epoch"],
        "train_seconds": round(time.perf_counter() - started, 1),
        "train_windows": int(len(xs)),
    }
    runs.mkdir(parents=True, exist_ok=True)
    torch.save(best["state"], runs / f"{model_id}.pt")
    (runs / f"{model_id}.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"[{model_id}] best epoch {record['best_epoch']}, {record['train_seconds']} s", flush=True)
    return record


def load_trained(model_id: str) -> torch.nn.Module:
    """The best checkpoint of a trained model, in eval mode (weights only, no pickled objects)."""
    model = build(model_id)
    model.load_state_dict(torch.load(RUNS / f"{model_id}.pt", weights_only=True))
    return model.eval()
