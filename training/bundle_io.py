"""Reading what `python -m training evaluate` evaluates: a dataset dir, a stream .npy, an .npz or a
windows folder, checked as the app checks it when loading (finite, non-zero rows), hashed as the app
hashes it (so a bundle finds its dataset)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .bank_shard import BankShard
from .npz_aliases import ALIASES  # one table with src/data/npzAliases.ts

DEFAULT_K = 5  # src/predictors/compatibility.ts DEFAULT_K


class BundleError(ValueError):
    """A refused input, with what was expected and what was found."""


@dataclass
class Data:
    """A stream (vectors [N, D], article ids) or a windows file (contexts, targets, bank)."""

    name: str
    kind: str  # "stream" | "windows"
    dim: int
    bank: np.ndarray  # [N, D] as stored (may be a read-only memory map)
    article_ids: np.ndarray | None = None
    contexts: np.ndarray | None = None  # [W, K, D] windows files only
    targets: np.ndarray | None = None  # [W, D]
    train_mean: np.ndarray | None = None
    default_k: int = DEFAULT_K
    sha256: str = ""
    hashed: str = ""
    meta: dict = field(default_factory=dict)
    shard: BankShard | None = None  # the whole bank's value keys, computed once (bank_shard())


def bank_shard(data: Data, memory_gb: float = 4.0) -> BankShard:
    """The bank as one BankShard (value keys; unit rows held while they fit `memory_gb`), built once."""
    if data.shard is None:
        data.shard = BankShard(data.bank, memory_gb=memory_gb)
    return data.shard


def _alias(keys: list[str], role: str) -> str | None:
    low = {k.lower(): k for k in keys}
    return next((low[a] for a in ALIASES[role] if a in low), None)


def float32_sha256(*arrays: np.ndarray, rows: int = 65536) -> str:
    """SHA-256 of the arrays as little-endian float32, one after another (the app's datasetHash)."""
    h = hashlib.sha256()
    for a in arrays:
        flat = a.reshape(len(a), -1)
        for s in range(0, len(flat), rows):
            h.update(np.ascontiguousarray(flat[s : s + rows], dtype="<f4").tobytes())
    return h.hexdigest()


def _check_rows(a: np.ndarray, what: str, rows: int = 65536) -> None:
    """Refuse NaN/Inf and all-zero vectors, as the app does when loading (it offers to drop them)."""
    flat = a.reshape(-1, a.shape[-1])
    for s in range(0, len(flat), rows):
        block = np.asarray(flat[s : s + rows], dtype=np.float32)
        bad = ~np.isfinite(block).all(axis=1) | ~(block != 0).any(axis=1)
        if bad.any():
            raise BundleError(f"{what}: expected finite, non-zero vectors; found row {s + int(np.argmax(bad))} "
                              "holding NaN/Inf or only zeros (drop such rows first)")


def load_data(path: str | Path, split: str | None = None, article_ids: str | None = None,
              train_mean: str | None = None) -> Data:
    """A dataset dir (dataset.json, as public/data), a stream .npy (memory-mapped) or an .npz."""
    path = Path(path)
    mean = np.load(train_mean, allow_pickle=False) if train_mean else None
    if path.is_dir() and not (path / "dataset.json").exists():
        # a windows folder: contexts.npy + targets.npy (+ bank.npy), all memory-mapped
        have = {p.stem: p for p in path.glob("*.npy")}
        if "contexts" not in have or "targets" not in have:
            raise BundleError(f"{path}: expected dataset.json, or contexts.npy + targets.npy (+ bank.npy); "
                              f"found {sorted(p.name for p in have.values()) or 'no .npy files'}")
        contexts = np.load(have["contexts"], mmap_mode="r", allow_pickle=False)
        targets = np.load(have["targets"], mmap_mode="r", allow_pickle=False)
        bank = np.load(have["bank"], mmap_mode="r", allow_pickle=False) if "bank" in have else targets
        data = Data(path.name, "windows", contexts.shape[2], bank, contexts=contexts, targets=targets,
                    default_k=contexts.shape[1])
    elif path.is_dir():
        spec = json.loads((path / "dataset.json").read_text())
        splits = spec["splits"]
        split = split or next(iter(splits))
        if split not in splits:
            raise BundleError(f"{path}: expected a split among {sorted(splits)}; found '{split}'")
        vectors = np.load(path / splits[split]["vectors"], mmap_mode="r", allow_pickle=False)
        art = np.asarray(json.loads((path / splits[split]["sentences"]).read_text())["article"], dtype=np.int64)
        if mean is None and spec.get("train_mean"):
            mean = np.load(path / spec["train_mean"], allow_pickle=False)
        data = Data(f"{spec.get('name', path.name)} · {split}", "stream", vectors.shape[1], vectors, art,
                    default_k=int(spec.get("k", DEFAULT_K)), meta={"split": split})
    elif path.suffix == ".npy":
        vectors = np.load(path, mmap_mode="r", allow_pickle=False)
        art = np.load(article_ids, allow_pickle=False) if article_ids else None
        data = Data(path.name, "stream", vectors.shape[-1], vectors, art)
    elif path.suffix == ".npz":
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        keys = list(arrays)
        c, t, b = _alias(keys, "contexts"), _alias(keys, "targets"), _alias(keys, "bank")
        if c and t and arrays[c].ndim == 3:
            contexts, targets = arrays[c], arrays[t]
            data = Data(path.name, "windows", contexts.shape[2], arrays[b] if b else targets,
                        contexts=contexts, targets=targets, default_k=contexts.shape[1])
        else:
            v = _alias(keys, "vectors")
            if v is None or arrays[v].ndim != 2:
                raise BundleError(f"{path}: expected 'vectors' [N, D] or 'contexts' [N, K, D] + 'targets' [N, D]; "
                                  f"found {', '.join(f'{k} {list(a.shape)}' for k, a in arrays.items())}")
            a = _alias(keys, "article_ids")
            data = Data(path.name, "stream", arrays[v].shape[1], arrays[v], arrays[a] if a else None)
    else:
        raise BundleError(f"{path}: expected a dataset directory, a .npy stream or an .npz; found '{path.suffix}'")
    if data.bank.ndim != 2 or len(data.bank) == 0:
        raise BundleError(f"{path}: expected vectors [N, D]; found shape {list(data.bank.shape)}")
    if data.article_ids is not None and data.article_ids.shape != (len(data.bank),):
        raise BundleError(f"{path}: expected {len(data.bank)} article ids; found shape {list(data.article_ids.shape)}")
    if data.kind == "stream":
        _check_rows(data.bank, str(path))
        data.sha256 = float32_sha256(data.bank)
        data.hashed = f"stream, {len(data.bank)} × {data.dim} float32"
    else:
        _check_rows(data.contexts, f"{path} contexts")
        _check_rows(data.targets, f"{path} targets")
        w, k, d = data.contexts.shape
        if data.targets.shape != (w, d):
            raise BundleError(f"{path}: expected targets [{w}, {d}]; found {list(data.targets.shape)}")
        data.sha256 = float32_sha256(data.contexts, data.targets)
        data.hashed = f"{w} windows: contexts [{w}, {k}, {d}] then targets, float32"
    data.train_mean = mean
    return data


