"""One training recipe for the whole fleet: warmup + cosine decay, an EMA of the weights, selection on the
whole val split (MRR, macro over sources, with cosine at least the linear average's), resumable per epoch."""
from __future__ import annotations

import json
import math
import time
from pathlib import Path

import numpy as np
import torch

from .data import ROOT, Split, load_dataset, make_windows
from .models import build, default_args, predict
from .onnx_export import export_model
from .objective import LAMBDA, NEGATIVES, TAU_INIT, Objective, document_bounds, hard_negatives
from .scoring import score_split, source_of_rows, val_selection

RUNS = ROOT / "training" / "runs"
SEED = 0
BATCH = 256
WEIGHT_DECAY = 0.01
WARMUP = 0.03  # fraction of the run's steps with a linear LR warmup, then cosine decay to FINAL_LR
FINAL_LR = 0.05  # of the peak LR
EMA_DECAY = 0.998  # the weights evaluated, selected and shipped are this moving average

# Per model: peak LR, epochs (an epoch is every training window once, in a fresh seeded order) and a
# wall-time guard in seconds on the 2-core machine (training stops after the epoch that passes it).
# Sizes were cut from the seed cards so that every model sees >= 5 epochs inside the budget.
PLAN = {
    "amn": {"lr": 1e-3, "epochs": 8, "seconds": 900},
    # lambda_cos 16 for the GRU: at the val-chosen 8 it tied the linear average on OOD cosine (+0.0001)
    # while every other model beat it (training/README.md keeps that run's numbers)
    "gru": {"lr": 1e-3, "epochs": 6, "seconds": 1800, "lambda_cos": 16.0},
    "lstm": {"lr": 1e-3, "epochs": 5, "seconds": 2100},
    "transformer": {"lr": 5e-4, "epochs": 5, "seconds": 2700},
    "memgru": {"lr": 1e-3, "epochs": 5, "seconds": 3000},
}


def seed_everything(seed: int = SEED) -> None:
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.use_deterministic_algorithms(True)
    # One thread: on the 2 shared cores a second OpenMP thread spins against other jobs (measured 13x slower).
    torch.set_num_threads(1)


def loss_fn(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """The objective with its initial temperature and in-batch negatives only (for a batch without a document)."""
    return Objective()(pred, target)


@torch.no_grad()
def predict_all(model: torch.nn.Module, contexts: np.ndarray, batch: int = 512) -> np.ndarray:
    """[W, D] predictions in eval mode."""
    model.eval()
    out = [predict(model, torch.from_numpy(contexts[i : i + batch])).numpy() for i in range(0, len(contexts), batch)]
    return np.concatenate(out) if out else np.zeros((0, contexts.shape[-1]), np.float32)


def train_step(model, optimizer, x: torch.Tensor, y: torch.Tensor, objective: Objective | None = None,
               negatives: tuple[torch.Tensor, torch.Tensor] | None = None) -> float:
    """One optimisation step; returns the batch loss before the step."""
    model.train()
    optimizer.zero_grad()
    objective = objective or Objective()
    loss = objective(predict(model, x), y, *(negatives or (None, None)))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    return loss.item()


def make_optimizer(model: torch.nn.Module, objective: Objective | None = None, lr: float = 1e-3) -> torch.optim.Optimizer:
    """AdamW; weight decay only on matrices (never the prior's w, b, biases, norms or the temperature)."""
    params = list(model.named_parameters()) + ([("objective.log_scale", objective.log_scale)] if objective else [])
    decay = [p for n, p in params if p.ndim >= 2 and not n.startswith("prior.")]
    rest = [p for n, p in params if not (p.ndim >= 2 and not n.startswith("prior."))]
    return torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": rest, "weight_decay": 0.0}], lr=lr)


def lr_factor(step: int, total: int) -> float:
    """Linear warmup over WARMUP of the steps, then cosine decay to FINAL_LR."""
    warm = max(1, int(WARMUP * total))
    if step < warm:
        return (step + 1) / warm
    progress = min(1.0, (step - warm) / max(1, total - warm))
    return FINAL_LR + (1 - FINAL_LR) * 0.5 * (1 + math.cos(math.pi * progress))


@torch.no_grad()
def update_ema(ema: torch.nn.Module, model: torch.nn.Module, step: int) -> None:
    """ema <- d * ema + (1 - d) * model, with d = min(EMA_DECAY, (1 + step) / (10 + step)) so the
    average follows the model closely over the first steps instead of holding the initial weights."""
    d = min(EMA_DECAY, (1 + step) / (10 + step))
    for e, m in zip(ema.state_dict().values(), model.state_dict().values()):
        e.copy_(e * d + m * (1 - d)) if e.dtype.is_floating_point else e.copy_(m)


def recipe(model_id: str) -> dict:
    """The hyperparameters a run used (saved in the checkpoint and exported into the manifest)."""
    return {"model_id": model_id, "batch": BATCH, "weight_decay": WEIGHT_DECAY, "seed": SEED, "warmup": WARMUP,
            "final_lr": FINAL_LR, "ema_decay": EMA_DECAY, "negatives_same_document": NEGATIVES, "lambda_cos": LAMBDA,
            "tau_init": TAU_INIT, "selection": "val MRR (macro over sources) with cosine >= the linear average's",
            **PLAN[model_id]}


def windows_for(split: Split, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(context_idx [W, k], target_idx [W]) of a split for a model that reads k vectors."""
    return (split.context_idx, split.target_idx) if split.context_idx.shape[1] == k else make_windows(split.article, k)


def epoch_path(model_id: str, epoch: int, runs: Path = RUNS) -> Path:
    """Where --export-every-epoch writes epoch `epoch` of `model_id`: runs/<id>/epochs/<id>_epochNN.onnx."""
    return runs / model_id / "epochs" / f"{model_id}_epoch{epoch:02d}.onnx"


def export_epoch(model: torch.nn.Module, model_id: str, row: dict, runs: Path = RUNS) -> Path:
    """The model as it stands after one epoch, exported like the shipped file, its epoch and config in the metadata."""

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


def _save(path: Path, payload: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(payload, tmp)
    tmp.replace(path)  # a run stopped mid-write keeps the previous checkpoint


def train_model(
    model_id: str, max_epochs: int | None = None, splits=None, export_every_epoch: bool = False, runs: Path = RUNS,
    sources: dict[int, str] | None = None,
) -> dict:
    """Train one model; saves runs/{id}.pt (config + selected EMA state_dict) and runs/{id}.json (history).

    After every epoch runs/{id}.last.pt holds everything needed to resume (weights, EMA, optimizer,
    temperature, sampler state, history, best so far): a stopped run picks up where it was.
    sources: article id -> source, for the per-source val banks (default: one bank).
    export_every_epoch also writes each epoch's (EMA) model as ONNX (see epoch_path)."""
    seed_everything()
    if splits is None:
        corpus, splits = load_dataset()
        sources = {a["id"]: a.get("source", "wiki-summaries") for a in corpus["articles"]}
    train, val = splits["train"], splits["val"]
    plan = PLAN.get(model_id, {"lr": 1e-3, "epochs": 5, "seconds": None})
    mean = train.vectors.astype(np.float64).mean(axis=0)
    args = default_args(model_id, d=train.vectors.shape[1])
    k = args["k"]
    ctx, tgt = windows_for(train, k)
    bounds = document_bounds(train.article)
    vctx, vtgt = windows_for(val, k)
    vx = val.vectors[vctx]  # [V, K, D]; train contexts are gathered per batch ([W, 32, D] would not fit)
    val_source = source_of_rows(val.article, sources) if sources else np.full(len(val.article), "all", dtype=object)
    average = score_split(val.vectors[vctx].mean(axis=1), val, val_source, vctx, vtgt)
    model = build(model_id, mean=mean, **args)
    ema = build(model_id, mean=mean, **args)
    ema.load_state_dict(model.state_dict())
    objective = Objective(plan.get("lambda_cos", LAMBDA))
    optimizer = make_optimizer(model, objective, plan["lr"])
    # The schedule spans the planned epochs whatever max_epochs says, so a run stopped early and resumed
    # later follows the same learning rates as a run done in one go.
    steps_per_epoch = -(-len(tgt) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: lr_factor(step, plan["epochs"] * steps_per_epoch))
    epochs = min(max_epochs or plan["epochs"], plan["epochs"])
    generator = torch.Generator().manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    history, best, best_key, elapsed = [], None, None, 0.0
    last = runs / f"{model_id}.last.pt"
    if last.exists():
        saved = torch.load(last, weights_only=True)
        model.load_state_dict(saved["state"])
        ema.load_state_dict(saved["ema"])
        objective.load_state_dict(saved["objective"])
        optimizer.load_state_dict(saved["optimizer"])
        schedule.load_state_dict(saved["schedule"])
        generator.set_state(saved["generator"])
        rng.bit_generator.state = json.loads(saved["rng"])
        history = json.loads(saved["history"])
        best = {"epoch": saved["best_epoch"], "state": saved["best_state"]}
        best_key, elapsed = tuple(saved["best_key"].tolist()), saved["elapsed"]
        print(f"[{model_id}] resuming after epoch {len(history)}", flush=True)
    started = time.perf_counter() - elapsed
    over_time = bool(history) and bool(plan["seconds"] and elapsed >= plan["seconds"])
    for epoch in range(len(history) + 1, epochs + 1):
        if over_time:
            break
        t0 = time.perf_counter()
        picked = torch.randperm(len(tgt), generator=generator).numpy()
        losses = []
        for i in range(0, len(picked), BATCH):
            idx = picked[i : i + BATCH]
            if len(idx) < 2:  # InfoNCE needs a negative
                continue
            x = torch.from_numpy(train.vectors[ctx[idx]])  # [B, K, D]
            y = torch.from_numpy(train.vectors[tgt[idx]])  # [B, D]
            negatives = hard_negatives(train.vectors, bounds, ctx[idx], tgt[idx], rng)
            losses.append(train_step(model, optimizer, x, y, objective, negatives))
            schedule.step()
            update_ema(ema, model, schedule.last_epoch)
        scores = score_split(predict_all(ema, vx), val, val_source, vctx, vtgt)
        row = {
            "epoch": epoch,
            "train_loss": round(float(np.mean(losses)), 6),
            "val_cosine": scores["cosine_mean"],
            "val_hit1": scores["hit1"],
            "val_hit5": scores["hit5"],
            "val_hit10": scores["hit10"],
            "val_mrr": scores["mrr"],
            "tau": round(float(1 / objective.log_scale.detach().exp()), 6),
            "lr": round(schedule.get_last_lr()[0], 8),
            "seconds": round(time.perf_counter() - t0, 2),
        }
        history.append(row)
        if export_every_epoch:
            export_epoch(ema, model_id, row, runs)
        print(f"[{model_id}] " + " ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        key = val_selection(scores, average)
        if best_key is None or key > best_key:
            best_key = key
            best = {"epoch": epoch, "state": {k: v.detach().clone() for k, v in ema.state_dict().items()}}
        elapsed = time.perf_counter() - started
        over_time = bool(plan["seconds"] and elapsed >= plan["seconds"])
        runs.mkdir(parents=True, exist_ok=True)
        _save(last, {"state": model.state_dict(), "ema": ema.state_dict(), "objective": objective.state_dict(),
                     "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict(),
                     "generator": generator.get_state(), "rng": json.dumps(rng.bit_generator.state),
                     "history": json.dumps(history), "best_epoch": best["epoch"], "best_state": best["state"],
                     "best_key": torch.tensor(best_key, dtype=torch.float64), "elapsed": elapsed})
    stopped = "planned epochs" if len(history) >= plan["epochs"] else ("max epochs" if len(history) >= epochs else "time budget")
    record = {
        "id": model_id,
        "config": {"model_args": args, "recipe": recipe(model_id), "data": data_hash(train)},
        "history": history,
        "best_epoch": best["epoch"],
        "stopped_by": stopped,
        "train_seconds": round(elapsed, 1),
        "train_windows": int(len(tgt)),
        "windows_seen": int(len(history) * len(tgt)),
        "val_linear_average": {k: average[k] for k in ("cosine_mean", "hit5", "mrr")},
        "selection_met_cosine": bool(best_key[0]),
    }
    runs.mkdir(parents=True, exist_ok=True)
    _save(runs / f"{model_id}.pt", {"config": json.dumps(record["config"], sort_keys=True), "state": best["state"]})
    (runs / f"{model_id}.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"[{model_id}] selected epoch {record['best_epoch']}, {record['train_seconds']} s, {stopped}", flush=True)
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
