"""How far float16 storage moves ranks: the same windows ranked against a float32 bank and against
that bank rounded to float16 (what a `<f2` file holds), exact ranks both ways (docs/metrics.md).
The app ranks a float16 bank exactly as the float32 values it widens to (tested in
src/engine/halfBank.test.ts); this measures the rounding itself.

Run: python bench/fp16_tolerance.py [--data bench/.data/stream20k.npz] [--windows 3000]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from native_eval import bank_shard, baselines, load, ranks_and_top  # noqa: E402


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="bench/.data/stream20k.npz")
    p.add_argument("--windows", type=int, default=3000)
    a = p.parse_args(argv)
    contexts, target, ctx, bank = load(Path(a.data), 5)
    contexts, target, ctx = contexts[: a.windows], target[: a.windows], ctx[: a.windows]
    out = {"data": a.data, "windows": len(contexts), "bank": list(bank.shape), "predictors": {}}
    for name, pred in baselines(contexts, bank.shape[1]).items():
        if name == "global_mean":
            continue
        r32, _ = ranks_and_top(pred, bank, target, ctx, bank_shard(bank.astype(np.float32)))
        r16, _ = ranks_and_top(pred, bank, target, ctx, bank_shard(bank.astype(np.float16)))
        diff = np.abs(r32 - r16)
        out["predictors"][name] = {
            "same_rank": float(np.mean(diff == 0)),
            "max_rank_diff": int(diff.max()),
            "hit1_f32": float(np.mean(r32 <= 1)),
            "hit1_f16": float(np.mean(r16 <= 1)),
            "mrr_f32": float(np.mean(1 / r32)),
            "mrr_f16": float(np.mean(1 / r16)),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
