"""Shared fixtures: real vectors from the shipped demo data (so no test needs the training cache)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from training.data import PUBLIC_DATA, make_split


@pytest.fixture(scope="session")
def ood_split():
    """The shipped OOD split rebuilt from public/data (real fp16 MiniLM vectors)."""
    meta = json.loads((PUBLIC_DATA / "dataset.json").read_text())
    info = meta["splits"]["ood"]
    vectors = np.load(PUBLIC_DATA / info["vectors"]).astype(np.float32)
    sentences = json.loads((PUBLIC_DATA / info["sentences"]).read_text())
    rows = list(zip(sentences["article"], sentences["texts"], vectors))
    return make_split("ood", rows)
