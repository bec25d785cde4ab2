"""PyTorch eager CPU timings for bench/run.bench.mjs, printed as one RuntimeResult JSON line.

Same protocol as src/engine/benchCore.ts: per batch size a few untimed runs, then timed forward
passes until a time budget or a run count is reached. Models are the trained checkpoints in
training/runs/ (``training.train.load_trained``); without them PyTorch is reported "not measured".

Run from the repo root: python bench/torch_bench.py --threads 2 [--plan '{"budgetMs": 1500}']
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLAN = {"batches": [1, 8, 32, 128, 256, 512], "warmupRuns": 3, "warmupMs": 500, "minRuns": 10, "maxRuns": 200, "budgetMs": 1500}


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def bench_model(model, k: int, d: int, plan: dict, torch) -> dict:
    batches = []
    for batch in plan["batches"]:
        gen = torch.Generator().manual_seed(batch)
        x = torch.nn.functional.normalize(torch.rand(batch, k, d, generator=gen) - 0.5, dim=-1)
        with torch.inference_mode():
            warm_start, warm_runs = time.perf_counter(), 0
            while warm_runs < plan["warmupRuns"] or (time.perf_counter() - warm_start) * 1000 < plan["warmupMs"]:
                model(x)
                warm_runs += 1
            times = []
            start = time.perf_counter()
            while len(times) < plan["maxRuns"] and (
                len(times) < plan["minRuns"] or (time.perf_counter() - start) * 1000 < plan["budgetMs"]
            ):
                t = time.perf_counter()
                model(x)
                times.append((time.perf_counter() - t) * 1000)
        batches.append({"batch": batch, "timesMs": times})
    return {"batches": batches}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--plan", default="{}")
    ap.add_argument("--models", default="")
    args = ap.parse_args()
    plan = {**PLAN, **json.loads(args.plan)}
    manifest = json.loads((ROOT / "public/models/manifest.json").read_text())
    models = [m for m in manifest["models"] if not args.models or m["id"] in args.models.split(",")]
    label = f"PyTorch eager CPU {args.threads} thread{'' if args.threads == 1 else 's'}"
    result = {"id": f"torch-{args.threads}", "label": label, "status": "ok", "models": {}}
    try:
        import torch

        from training.train import RUNS, load_trained
    except ImportError as e:
        result.update(status="not measured", note=f"PyTorch unavailable: {e}")
        print(json.dumps(result))
        return
    torch.set_num_threads(args.threads)
    label = f"PyTorch {torch.__version__.split('+')[0]} eager CPU {args.threads} thread{'' if args.threads == 1 else 's'}"
    result["label"] = label
    baseline = peak_rss_bytes()
    missing = [m["id"] for m in models if not (RUNS / f"{m['id']}.pt").exists()]
    if missing:
        result["note"] = f"no checkpoint for {', '.join(missing)} (run python -m training train --all)"
    for m in models:
        if m["id"] in missing:
            result["models"][m["id"]] = {"error": "not measured: no checkpoint in training/runs/"}
            continue
        print(f"[torch {args.threads}t] {m['id']}", file=sys.stderr, flush=True)
        t = time.perf_counter()
        model = load_trained(m["id"])
        load_ms = (time.perf_counter() - t) * 1000
        result["models"][m["id"]] = {"loadMs": load_ms, **bench_model(model, m["K"], m["D"], plan, torch)}
    if len(missing) == len(models):
        result["status"] = "not measured"
    result["memory"] = {
        "bytes": peak_rss_bytes(),
        "what": f"peak RSS of the Python process ({baseline / 2**20:.0f} MiB after importing torch)",
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
