"""save_dataset: what it writes is what the app reads, and every refusal names file, expected and found."""
from __future__ import annotations

import numpy as np
import pytest

from lvm_lens import DatasetError, save_dataset
from training.npz_aliases import TABLE  # the alias table src/data/npzAliases.ts reads too

FIRST = {names[0] for names in [*TABLE["roles"].values(), *TABLE["strings"].values()]}

rng = np.random.default_rng(0)
V = rng.standard_normal((6, 4)).astype(np.float32)
C = rng.standard_normal((3, 2, 4)).astype(np.float32)
T = rng.standard_normal((3, 4)).astype(np.float32)
TEXTS = [f"sentence {i}" for i in range(6)]


def test_stream_round_trip_with_canonical_keys(tmp_path):
    path = save_dataset(tmp_path / "s.npz", vectors=V.astype(np.float64), texts=TEXTS,
                        article_ids=[0, 0, 0, 1, 1, 1], ids=[f"r{i}" for i in range(6)])
    with np.load(path, allow_pickle=False) as z:  # no object arrays: the app never unpickles
        assert sorted(z.files) == ["article_ids", "ids", "texts", "vectors"]
        assert z["vectors"].dtype == np.float32 and np.array_equal(z["vectors"], V)
        assert z["texts"].dtype.kind == "U" and z["texts"].tolist() == TEXTS
        assert z["article_ids"].tolist() == [0, 0, 0, 1, 1, 1]
        assert set(z.files) <= FIRST  # each key is its role's first name in the app's table


def test_windows_round_trip(tmp_path):
    bank = rng.standard_normal((5, 4)).astype(np.float16)
    path = save_dataset(tmp_path / "w.npz", contexts=C, targets=T, bank=bank, texts=TEXTS[:5])
    with np.load(path, allow_pickle=False) as z:
        assert sorted(z.files) == ["bank", "contexts", "targets", "texts"]
        assert z["bank"].dtype == np.float16 and z["contexts"].shape == (3, 2, 4)
        assert set(z.files) <= FIRST


NAN = V.copy()
NAN[[1, 4], 2] = np.nan
ZERO = V.copy()
ZERO[3] = 0
CNAN = C.copy()
CNAN[2, 1, 0] = np.inf

REFUSALS = {
    "not npz": (dict(vectors=V), "x.npy", r"x.npy: expected a file name ending in .npz; found '.npy'"),
    "neither": ({}, "d.npz", r"expected either vectors .* found neither"),
    "both": (dict(vectors=V, contexts=C, targets=T), "d.npz", r"found both"),
    "bank with vectors": (dict(vectors=V, bank=V), "d.npz", r"no bank with vectors"),
    "int vectors": (dict(vectors=V.astype(np.int32)), "d.npz", r"vectors as float16, float32 or float64; found dtype int32"),
    "complex": (dict(vectors=V.astype(np.complex64)), "d.npz", r"found dtype complex64"),
    "rank": (dict(vectors=V[None]), "d.npz", r"d.npz: vectors has shape \[1, 6, 4\] \(rank 3\); vectors must be \[N, D\]"),
    "empty": (dict(vectors=V[:0]), "d.npz", r"expected at least one vector in vectors; found shape \[0, 4\]"),
    "nan": (dict(vectors=NAN), "d.npz", r"d.npz has 2 rows with NaN or Inf values \(rows 1, 4\)"),
    "zero": (dict(vectors=ZERO), "d.npz", r"d.npz has 1 rows with all-zero vectors \(rows 3\)"),
    "article ids length": (dict(vectors=V, article_ids=[0, 1]), "d.npz", r"article ids of shape \[6\] .* found shape \[2\]"),
    "article ids dtype": (dict(vectors=V, article_ids=np.zeros(6)), "d.npz", r"integer \(or string\) article ids; found dtype float64"),
    "texts length": (dict(vectors=V, texts=TEXTS[:5]), "d.npz", r"expected 6 texts \(one per vector\); found 5"),
    "texts not strings": (dict(vectors=V, texts=TEXTS[:5] + [None]), "d.npz", r"'texts' as a list of strings; found NoneType at row 5"),
    "texts rank": (dict(vectors=V, texts=[TEXTS]), "d.npz", r"'texts' as strings \[N\]; found shape \[1, 6\]"),
    "ids length": (dict(vectors=V, ids=["a"]), "d.npz", r"expected 6 ids \(one per vector\); found 1"),
    "only contexts": (dict(contexts=C), "d.npz", r"both contexts \[N, K, D\] and targets \[N, D\]; found only contexts"),
    "only targets": (dict(targets=T), "d.npz", r"found only targets"),
    "article ids with windows": (dict(contexts=C, targets=T, article_ids=[0, 0, 1]), "d.npz", r"no article_ids with windows"),
    "targets shape": (dict(contexts=C, targets=T[:2]), "d.npz", r"targets \[3, 4\] to match contexts \[3, 2, 4\]; found targets \[2, 4\]"),
    "contexts rank": (dict(contexts=T, targets=T), "d.npz", r"contexts must be \[N, K, D\]"),
    "inf in a context": (dict(contexts=CNAN, targets=T), "d.npz", r"1 windows with NaN or Inf values \(windows 2\)"),
    "bank dim": (dict(contexts=C, targets=T, bank=V[:, :3]), "d.npz", r"expected a 4-D bank; found 3-D"),
    "texts vs bank": (dict(contexts=C, targets=T, bank=V, texts=TEXTS[:3]), "d.npz", r"6 texts \(one per bank vector\); found 3"),
    "texts vs targets": (dict(contexts=C, targets=T, texts=TEXTS), "d.npz", r"3 texts \(one per target\); found 6"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_every_refusal_names_what_and_writes_nothing(tmp_path, case):
    kwargs, name, message = REFUSALS[case]
    with pytest.raises(DatasetError, match=message):
        save_dataset(tmp_path / name, **kwargs)
    assert list(tmp_path.iterdir()) == []
