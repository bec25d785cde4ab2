"""save_dataset: a stream of vectors or a set of windows as the .npz the app's Data view reads.

Everything is checked before a byte is written, with the app's wording (src/data/: "<file>:
expected …; found …"): the app would refuse the same file for the same reason. Keys are the
canonical names of src/data/npzAliases.ts (`vectors`, `texts`, `ids`, `article_ids`, `contexts`,
`targets`, `bank`), so nothing has to be mapped by hand.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Sequence

import numpy as np

__all__ = ["save_dataset", "DatasetError"]

FLOATS = (np.float16, np.float32, np.float64)


class DatasetError(ValueError):
    """Arrays the app would refuse; the message names the file, what was expected and what was found."""

    def __init__(self, file: str, expected: str, found: str, message: str | None = None):
        super().__init__(message or f"{file}: expected {expected}; found {found}")
        self.file, self.expected, self.found = file, expected, found


def _floats(file: str, role: str, a: Any, rank: int, shape_text: str) -> np.ndarray:
    arr = np.asarray(a)
    if arr.dtype.type not in FLOATS:
        raise DatasetError(file, f"{role} as float16, float32 or float64", f"dtype {arr.dtype}")
    if arr.ndim != rank:
        raise DatasetError(file, f"{role} of shape {shape_text}", f"shape {list(arr.shape)}",
                           f"{file}: {role} has shape {list(arr.shape)} (rank {arr.ndim}); {role} must be {shape_text}")
    if 0 in arr.shape:
        what = "window" if role == "contexts" else "vector"
        raise DatasetError(file, f"at least one {what} in {role}", f"shape {list(arr.shape)}")
    # float64 is read as float32 by the app: store what it will compute with
    return np.ascontiguousarray(arr if arr.dtype == np.float16 else arr.astype("<f4"))


def _bad_rows(file: str, what: str, rows: np.ndarray, per_item: int) -> None:
    """NaN/Inf, then all-zero rows, refused with the count and the first rows (src/data/badRows.ts)."""
    flat = rows.reshape(len(rows), per_item, -1).astype(np.float32)
    finite = np.isfinite(flat).all(axis=2).all(axis=1)
    zero = (~np.any(flat != 0, axis=2)).any(axis=1) & finite
    for bad, problem in ((~finite, "NaN or Inf values"), (zero, "all-zero vectors")):
        idx = np.flatnonzero(bad)
        if len(idx):
            first = ", ".join(map(str, idx[:5])) + (", ..." if len(idx) > 5 else "")
            raise DatasetError(file, "finite, non-zero vectors", f"{len(idx)} {what} with {problem} ({what} {first})",
                               f"{file} has {len(idx)} {what} with {problem} ({what} {first}); "
                               "expected finite, non-zero vectors")


def _strings(file: str, role: str, values: Any, n: int, per: str) -> np.ndarray:
    arr = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if arr.ndim != 1:
        raise DatasetError(file, f"'{role}' as strings [N]", f"shape {list(arr.shape)}")
    if arr.dtype.kind not in "UO" or not all(isinstance(v, str) for v in arr.tolist()):
        bad = next((i for i, v in enumerate(arr.tolist()) if not isinstance(v, str)), 0)
        raise DatasetError(file, f"'{role}' as a list of strings", f"{type(arr.tolist()[bad]).__name__} at row {bad}")
    if len(arr) != n:
        raise DatasetError(file, f"{n} {role} (one per {per})", f"{len(arr)}")
    return np.asarray(arr.tolist(), dtype=np.str_) if n else np.zeros(0, dtype="<U1")


def _article_ids(file: str, values: Any, n: int) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim != 1 or len(arr) != n:
        raise DatasetError(file, f"article ids of shape [{n}] (one per vector)", f"shape {list(arr.shape)}")
    if arr.dtype.kind in "iu":
        return arr.astype("<i8") if arr.dtype.kind == "i" or arr.max(initial=0) < 2**63 else arr
    if arr.dtype.kind in "UO" and all(isinstance(v, str) for v in arr.tolist()):
        return np.asarray(arr.tolist(), dtype=np.str_)  # the app numbers distinct strings in order
    raise DatasetError(file, "integer (or string) article ids", f"dtype {arr.dtype}")


def save_dataset(path: str | os.PathLike, *, vectors: Any = None, texts: Sequence[str] | None = None,
                 article_ids: Any = None, ids: Sequence[str] | None = None, contexts: Any = None,
                 targets: Any = None, bank: Any = None, compress: bool = False) -> Path:
    """Write a dataset as `.npz`: either a stream `vectors` [N, D] (with optional `texts`, `ids`,
    `article_ids`, one per vector; windows are cut per model's K, never across articles), or windows
    `contexts` [N, K, D] + `targets` [N, D] (optional `bank` [M, D] for retrieval, and `texts`, one per
    bank row, else one per target). Raises DatasetError, writing nothing, for anything the app would refuse.
    """
    path = Path(path)
    file = path.name
    if path.suffix.lower() != ".npz":
        raise DatasetError(file, "a file name ending in .npz", f"'{path.suffix or '(no extension)'}'")
    stream, windows = vectors is not None, contexts is not None or targets is not None
    if stream == windows:
        raise DatasetError(file, "either vectors [N, D] or contexts [N, K, D] + targets [N, D]",
                           "both" if stream else "neither")
    out: dict[str, np.ndarray] = {}
    if stream:
        if bank is not None:
            raise DatasetError(file, "no bank with vectors (a stream is its own bank)", "bank")
        v = _floats(file, "vectors", vectors, 2, "[N, D]")
        _bad_rows(file, "rows", v, 1)
        n = len(v)
        out["vectors"] = v
        if article_ids is not None:
            out["article_ids"] = _article_ids(file, article_ids, n)
        if texts is not None:
            out["texts"] = _strings(file, "texts", texts, n, "vector")
        if ids is not None:
            out["ids"] = _strings(file, "ids", ids, n, "vector")
    else:
        if contexts is None or targets is None:
            raise DatasetError(file, "both contexts [N, K, D] and targets [N, D]",
                               f"only {'contexts' if contexts is not None else 'targets'}")
        for name, value in (("article_ids", article_ids), ("ids", ids)):
            if value is not None:
                raise DatasetError(file, f"no {name} with windows (they go with a stream of vectors)", name)
        c = _floats(file, "contexts", contexts, 3, "[N, K, D]")
        t = _floats(file, "targets", targets, 2, "[N, D]")
        n, _, d = c.shape
        if t.shape != (n, d):
            raise DatasetError(file, f"targets [{n}, {d}] to match contexts {list(c.shape)}", f"targets {list(t.shape)}")
        _bad_rows(file, "windows", np.concatenate([c, t[:, None, :]], axis=1), c.shape[1] + 1)
        out["contexts"], out["targets"] = c, t
        rows = n
        if bank is not None:
            b = _floats(file, "bank", bank, 2, "[M, D]")
            if b.shape[1] != d:
                raise DatasetError(file, f"a {d}-D bank", f"{b.shape[1]}-D")
            _bad_rows(file, "rows", b, 1)
            out["bank"], rows = b, len(b)
        if texts is not None:
            out["texts"] = _strings(file, "texts", texts, rows, "bank vector" if bank is not None else "target")
    path.parent.mkdir(parents=True, exist_ok=True)
    # written beside the target and renamed: a watching `lvm-lens open` never lists half a file
    fd, tmp = tempfile.mkstemp(prefix=f".{file}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            (np.savez_compressed if compress else np.savez)(f, **out)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would make the dataset private to its writer
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
