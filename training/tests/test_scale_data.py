"""scripts/make_scale_data.py: same seed, same bytes; windows are rows of the bank, never across articles."""
from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import numpy as np

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_scale_data.py"
spec = importlib.util.spec_from_file_location("make_scale_data", SCRIPT)
msd = importlib.util.module_from_spec(spec)
spec.loader.exec_module(msd)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*.np*"))}


def test_same_seed_same_bytes(tmp_path):
    for run in ("a", "b"):
        out = tmp_path / run
        out.mkdir()
        msd.make_stream("stream20k", str(out), rows=1000)
        msd.make_bank(str(out), rows=1500, windows=60)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert len(digest(tmp_path / "a")) == 4


def test_stream_layout(tmp_path):
    z = np.load(msd.make_stream("stream20k", str(tmp_path), rows=95))
    v, a = z["vectors"], z["article_ids"]
    assert v.shape == (95, 384) and v.dtype == np.float32 and a.dtype == np.int32
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert a.tolist() == [i // 30 for i in range(95)]
    cos = (v[:-1] * v[1:]).sum(1)
    same = a[:-1] == a[1:]
    assert 0.5 < cos[same].mean() < 0.7 and abs(cos[~same].mean()) < 0.2


def test_bank_windows_are_bank_rows(tmp_path):
    folder = Path(msd.make_bank(str(tmp_path), rows=300, windows=60))
    bank = np.load(folder / "bank.npy")
    ctx, tgt = np.load(folder / "contexts.npy"), np.load(folder / "targets.npy")
    assert bank.dtype == np.dtype("<f2") and bank.shape == (300, 768)
    assert ctx.shape == (60, 5, 768) and tgt.shape == (60, 768)
    # window 27 = article 1, offset 2: contexts rows 32..36, target row 37
    np.testing.assert_array_equal(ctx[27], bank[32:37])
    np.testing.assert_array_equal(tgt[27], bank[37])
    # the first rows of the full-size walk do not depend on how many rows are asked for
    longer = np.load(Path(msd.make_bank(str(tmp_path / "long"), rows=600, windows=60)) / "bank.npy")
    np.testing.assert_array_equal(longer[:300], bank)
