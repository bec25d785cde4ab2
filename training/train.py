"""One training recipe for the whole fleet, with early stopping on val Hit@5, resumable per epoch."""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .data import ROOT, Split, load_dataset, make_windows
from .metrics import evaluate
from .models import build, default_args, predict

RUNS = ROOT / "training" / "runs"
SEED = 0
BATCH = 256
LR = 5e-4
WEIGHT_DECAY = 0.01
MAX_EPOCHS = 30
PATIENCE = 3
TAU = 0.07
LOSS_WEIGHTS = {"mse": 1.0, "cos": 0.5, "infonce": 0.05}
VAL_WINDOWS = 3000  # seeded subset of the val windows scored after each epoch (bank: the whole val stream)

# Per-model budget on the 2-core machine: an "epoch" is `samples` windows drawn without replacement
# from a permutation that carries over between epochs (so every window is seen before any repeats),
# and training stops after the epoch that passes `seconds` of wall time. None = every window / no limit.
BUDGET = {
    "amn": {"samples": None, "seconds": 420},
    "gru": {"samples": 30_000, "seconds": 1800},
    "lstm": {"samples": 50_000, "seconds": 840},
    "transformer": {"samples": 25_000, "seconds": 1200},
    "memgru": {"samples": 25_000, "seconds": 900},
}


def seed_everything(seed: int = SEED) -> None:
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.use_deterministic_algorithms(True)
    # One thread: on the 2 shared cores a second OpenMP thread spins against other jobs (measured 13x slower).
    torch.set_num_threads(1)


def loss_fn(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """MSE + 0.5 (1 - cos) + 0.05 InfoNCE (tau 0.07, in-batch negatives) on unit vectors (LOSS_WEIGHTS)."""
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


def recipe(model_id: str) -> dict:
    """The hyperparameters a run used (saved in the checkpoint and exported into the manifest)."""
    return {"model_id": model_id, "batch": BATCH, "lr": LR, "weight_decay": WEIGHT_DECAY, "seed": SEED, "tau": TAU,
            "loss_weights": LOSS_WEIGHTS, "max_epochs": MAX_EPOCHS, "patience": PATIENCE,
            "val_windows": VAL_WINDOWS, **{f"budget_{k}": v for k, v in BUDGET[model_id].items()}}


def windows_for(split: Split, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(context_idx [W, k], target_idx [W]) of a split for a model that reads k vectors."""
    return (split.context_idx, split.target_idx) if split.context_idx.shape[1] == k else make_windows(split.article, k)


def val_subset(split: Split, k: int, n: int = VAL_WINDOWS) -> tuple[np.ndarray, np.ndarray]:
    """A seeded subset of n val windows (all of them when there are fewer)."""
    ctx, tgt = windows_for(split, k)
    if len(tgt) > n:
        keep = np.sort(np.random.default_rng(SEED).choice(len(tgt), size=n, replace=False))
        ctx, tgt = ctx[keep], tgt[keep]
    return ctx, tgt


def epoch_path(model_id: str, epoch: int, runs: Path = RUNS) -> Path:
    """Where --export-every-epoch writes epoch `epoch` of `model_id`: runs/<id>/epochs/<id>_epochNN.onnx."""
    return runs / model_id / "epochs" / f"{model_id}_epoch{epoch:02d}.onnx"


def export_epoch(model: torch.nn.Module, model_id: str, row: dict, runs: Path = RUNS) -> Path:
    """The model as it stands after one epoch, exported like the shipped file, its epoch and config in the metadata."""
    from .export import export_model  # export imports this module: import at call time

    config = recipe(model_id)
    args = default_args(model_id)
    meta = {
        "lvm.id": model_id,
        "lvm.k": str(args["k"]),
        "lvm.dim": str(args["d"]),
        "lvm_lens.model_id": model_id,
        "lvm_lens.epoch": str(row["epoch"]),
        "lvm_lens.config": json.dumps(config, sort_keys=True),
        # The seconds column is wall time: left out so the same run exports the same bytes.
        "lvm_lens.history": json.dumps({k: v for k, v in row.items() if k != "seconds"}, sort_keys=True),
    }
    return export_model(model, epoch_path(model_id, row["epoch"], runs), meta=meta)


def draw_epoch(order: np.ndarray | None, cursor: int, samples: int, n: int, generator: torch.Generator
               ) -> tuple[np.ndarray, np.ndarray, int]:
    """The next `samples` window indices of a permutation of range(n) that carries over between epochs
    (a fresh permutation when it runs out): every window is seen once before any is seen twice.
    Returns (indices, the permutation now in use, the position in it)."""
    parts, count = [], 0
    while count < samples:
        if order is None or cursor >= len(order):
            order, cursor = torch.randperm(n, generator=generator).numpy(), 0
        take = min(samples - count, len(order) - cursor)
        parts.append(order[cursor : cursor + take])
        cursor, count = cursor + take, count + take
    return np.concatenate(parts), order, cursor


def _save(path: Path, payload: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(payload, tmp)
    tmp.replace(path)  # a run stopped mid-write keeps the previous checkpoint


def train_model(
    model_id: str, max_epochs: int | None = None, splits=None, export_every_epoch: bool = False, runs: Path = RUNS
) -> dict:
    """Train one model; saves runs/{id}.pt (config + best state_dict) and runs/{id}.json (history).

    After every epoch runs/{id}.last.pt holds everything needed to resume (weights, optimizer,
    scheduler, sampler position, history, best so far): a stopped run picks up where it was.
    export_every_epoch also writes each epoch's model as ONNX (see epoch_path)."""
    seed_everything()
    if splits is None:
        _, splits = load_dataset()
    train, val = splits["train"], splits["val"]
    args = default_args(model_id, d=train.vectors.shape[1])
    k = args["k"]
    ctx, tgt = windows_for(train, k)
    vctx, vtgt = val_subset(val, k)
    vx = val.vectors[vctx]  # [V, K, D]; train contexts are gathered per batch ([W, 32, D] would not fit)
    budget = BUDGET.get(model_id, {"samples": None, "seconds": None})
    samples = min(budget["samples"] or len(tgt), len(tgt))
    model = build(model_id, **args)
    optimizer = make_optimizer(model)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.5, patience=1)
    generator = torch.Generator().manual_seed(SEED)
    history, best, best_key, stale, order, cursor, elapsed = [], None, None, 0, None, 0, 0.0
    last = runs / f"{model_id}.last.pt"
    if last.exists():
        saved = torch.load(last, weights_only=True)
        model.load_state_dict(saved["state"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        generator.set_state(saved["generator"])
        history = json.loads(saved["history"])
        best = {"epoch": saved["best_epoch"], "state": saved["best_state"]}
        best_key, stale, cursor, elapsed = tuple(saved["best_key"].tolist()), saved["stale"], saved["cursor"], saved["elapsed"]
        order = saved["order"].numpy()
        print(f"[{model_id}] resuming after epoch {len(history)}", flush=True)
    started = time.perf_counter() - elapsed
    done = bool(history) and (stale >= PATIENCE or (budget["seconds"] and elapsed >= budget["seconds"]))
    for epoch in range(len(history) + 1, (max_epochs or MAX_EPOCHS) + 1):
        if done:
            break
        t0 = time.perf_counter()
        picked, order, cursor = draw_epoch(order, cursor, samples, len(tgt), generator)
        losses = []
        for i in range(0, len(picked), BATCH):
            idx = picked[i : i + BATCH]
            if len(idx) < 2:  # InfoNCE needs a negative
                continue
            x = torch.from_numpy(train.vectors[ctx[idx]])  # [B, K, D]
            y = torch.from_numpy(train.vectors[tgt[idx]])  # [B, D]
            losses.append(train_step(model, optimizer, x, y))
        pred = predict_all(model, vx)
        m = evaluate(pred, val.vectors, vctx, vtgt)
        row = {
            "epoch": epoch,
            "train_loss": round(float(np.mean(losses)), 6),
            "val_loss": round(eval_loss(model, vx, val.vectors[vtgt]), 6),
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
        key = (m["hit5"], m["cosine_mean"])  # Hit@5 first; cosine breaks ties
        scheduler.step(m["hit5"])
        if best_key is None or key > best_key:
            best_key, stale = key, 0
            best = {"epoch": epoch, "state": {k: v.detach().clone() for k, v in model.state_dict().items()}}
        else:
            stale += 1
        elapsed = time.perf_counter() - started
        done = stale >= PATIENCE or bool(budget["seconds"] and elapsed >= budget["seconds"])
        runs.mkdir(parents=True, exist_ok=True)
        _save(last, {"state": model.state_dict(), "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                     "generator": generator.get_state(), "history": json.dumps(history), "best_epoch": best["epoch"],
                     "best_state": best["state"], "best_key": torch.tensor(best_key, dtype=torch.float64),
                     "stale": stale, "cursor": cursor, "elapsed": elapsed, "order": torch.from_numpy(order)})
    stopped = "patience" if stale >= PATIENCE else ("time budget" if done else "max epochs")
    record = {
        "id": model_id,
        "config": {"model_args": args, "recipe": recipe(model_id), "data": data_hash(train)},
        "history": history,
        "best_epoch": best["epoch"],
        "stopped_by": stopped,
        "train_seconds": round(elapsed, 1),
        "train_windows": int(len(tgt)),
        "windows_seen": int(len(history) * samples),
    }
    runs.mkdir(parents=True, exist_ok=True)
    _save(runs / f"{model_id}.pt", {"config": json.dumps(record["config"], sort_keys=True), "state": best["state"]})
    (runs / f"{model_id}.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"[{model_id}] best epoch {record['best_epoch']}, {record['train_seconds']} s, stopped by {stopped}", flush=True)
    return record


def data_hash(split: Split) -> str:
    """sha256 (16 hex) of the training stream the model saw: its fp16 vectors and article ids."""
    import hashlib

    h = hashlib.sha256(split.vectors.astype("<f2").tobytes())
    h.update(split.article.astype("<i8").tobytes())
    return h.hexdigest()[:16]


def load_checkpoint(path: Path) -> tuple[torch.nn.Module, dict]:
    """(model in eval mode, config) rebuilt from a checkpoint file alone (weights only, no pickled objects)."""
    saved = torch.load(path, weights_only=True)
    config = json.loads(saved["config"])
    model = build(config["recipe"]["model_id"], **config["model_args"])
    model.load_state_dict(saved["state"])
    return model.eval(), config


def load_trained(model_id: str, runs: Path = RUNS) -> torch.nn.Module:
    """The best checkpoint of a trained model, in eval mode."""
    return load_checkpoint(runs / f"{model_id}.pt")[0]
