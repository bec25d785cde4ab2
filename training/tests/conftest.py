"""Shared fixtures: real vectors from the shipped demo data (so no test needs the training cache)."""
from __future__ import annotations

import pytest

from training.demo_data import load_public_split


@pytest.fixture(scope="session")
def ood_split():
    """The shipped OOD split rebuilt from public/data (real fp16 MiniLM vectors)."""
    return load_public_split("ood")
