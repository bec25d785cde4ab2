"""The README tables are what `python -m training leaderboard` renders from the shipped manifest."""
from __future__ import annotations

import json

from training.data import PUBLIC_DATA
from training.export import PUBLIC_MODELS
from training.leaderboard import README, TRAINING_README, render, render_sources


def test_readme_leaderboards_are_rendered_from_the_shipped_manifest():
    manifest = json.loads((PUBLIC_MODELS / "manifest.json").read_text())
    dataset = json.loads((PUBLIC_DATA / "dataset.json").read_text())
    block = render(manifest, dataset)
    assert block in README.read_text(encoding="utf-8")
    assert render_sources(dataset) + "\n\n" + block in TRAINING_README.read_text(encoding="utf-8")
    # one verdict per model, against the linear average on its own windows
    assert sum(line.startswith("- **") for line in block.splitlines()) == len(manifest["models"])
