"""fixtures/npz_aliases.json is the one alias table; src/data/npzAliasTable.test.ts reads the same file.

Every name in it must reach its role in `python -m training evaluate`'s loader, in any case, and the
first listed name must win when several are present.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from training.evaluate_bundle import load_data

TABLE = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "npz_aliases.json").read_text())
rng = np.random.default_rng(0)


def vec(*shape: int) -> np.ndarray:
    return rng.uniform(0.5, 1.5, shape).astype(np.float32)  # finite and non-zero, as load_data requires


def arrays_for(role: str, names: list[str]) -> tuple[dict, str]:
    """An npz's arrays holding `names` for `role` (same shape each) and what the role needs beside;
    the Data attribute the role fills."""
    arrs = {}
    if role == "contexts":
        arrs.update({n: vec(2, 3, 4) for n in names}, TARGETS=vec(2, 4))
        return arrs, "contexts"
    if role == "targets":
        arrs.update({"CONTEXTS": vec(2, 3, 4)}, **{n: vec(2, 4) for n in names})
        return arrs, "targets"
    if role == "bank":
        arrs.update({"CONTEXTS": vec(2, 3, 4), "TARGETS": vec(2, 4)}, **{n: vec(5, 4) for n in names})
        return arrs, "bank"
    if role == "vectors":
        return {n: vec(5, 4) for n in names}, "bank"
    if role == "article_ids":
        arrs.update({"VECTORS": vec(5, 4)}, **{n: rng.integers(0, 3, 5) for n in names})
        return arrs, "article_ids"
    raise AssertionError(f"a role this test does not know: {role}")


def test_the_table_has_every_role_the_loader_reads():
    assert set(TABLE["roles"]) == {"contexts", "targets", "vectors", "article_ids", "bank"}


@pytest.mark.parametrize("role", sorted(TABLE["roles"]))
def test_every_name_reaches_its_role_and_the_first_listed_wins(role, tmp_path):
    names = TABLE["roles"][role]
    for i, name in enumerate(names):
        arrs, attr = arrays_for(role, [name.upper()])
        path = tmp_path / f"{role}_{i}.npz"
        np.savez(path, **arrs)
        got = getattr(load_data(path), attr)
        np.testing.assert_array_equal(got, arrs[name.upper()], err_msg=f"{role}: '{name}'")
    arrs, attr = arrays_for(role, [n.upper() for n in reversed(names)])
    path = tmp_path / f"{role}_all.npz"
    np.savez(path, **arrs)
    np.testing.assert_array_equal(getattr(load_data(path), attr), arrs[names[0].upper()])
