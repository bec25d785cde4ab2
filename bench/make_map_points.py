"""Points for the map-at-scale benchmark (bench/mapScale.bench.mjs), written as raw little-endian
float32 [n, 384] (no header) so the page and numpy read the same bytes.

They are scripts/make_scale_data.py's stream (seeded random walks on the unit sphere, 30 vectors per
article, seed 200): the first n rows of stream200k for n <= 200,000, and the same walk continued for
larger n (the generator draws whole chunks of articles, so a longer walk starts with the same bytes).

Run from the repo root: python bench/make_map_points.py --n 100000 [--out bench/.data/points-100000.f32]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from make_scale_data import SETS, walk  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    _, dim, seed = SETS["stream200k"]
    out = Path(args.out or ROOT / f"bench/.data/points-{args.n}.f32")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as f:
        for vectors, _ in walk(args.n, dim, seed):
            vectors.astype("<f4").tofile(f)
    print(out)


if __name__ == "__main__":
    main()
