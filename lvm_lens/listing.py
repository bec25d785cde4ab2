"""The workspace listing `lvm-lens open` serves at /workspace/index.json: which files, grouped how.

One item per thing the app loads in one go: an .onnx model (the app tells a per-epoch checkpoint
from its metadata), a dataset (the files of one stem in one folder: `vectors.npy` + `vectors.txt`),
or a results bundle (a folder holding `lvm-results.json`, from `python -m training evaluate`).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

FORMAT = "lvm-lens-workspace"
VERSION = 1
FILES_PREFIX = "/workspace/files/"
BUNDLE_MANIFEST = "lvm-results.json"  # src/data/resultsBundleParse.ts BUNDLE_MANIFEST
DATA_EXTENSIONS = {".npz", ".npy", ".safetensors", ".json", ".jsonl", ".txt"}  # src/data/parseFiles.ts
SIDECARS = {".txt"}  # texts only: never a dataset on their own
SETTLE_SECONDS = 0.5  # a file younger than this may still be being written


@dataclass(frozen=True)
class Root:
    """One PATH given to `lvm-lens open`: a file or a folder, served under /workspace/files/<index>/."""

    index: int
    path: Path

    def url(self, file: Path) -> str:
        rel = file.name if self.path.is_file() else file.relative_to(self.path).as_posix()
        return f"{FILES_PREFIX}{self.index}/{quote(rel)}"

    def resolve(self, rel: str) -> Path | None:
        """The file behind a URL path under this root, or None when it is not one of the listed files."""
        if self.path.is_file():
            return self.path if rel == self.path.name else None
        target = (self.path / rel).resolve()
        base = self.path.resolve()
        if base not in target.parents or not target.is_file() or _hidden(target.relative_to(base)):
            return None
        return target


def _hidden(rel: Path) -> bool:
    return any(p.startswith(".") for p in rel.parts) or rel.name.endswith(".tmp")


def _files(root: Root) -> list[Path]:
    if root.path.is_file():
        return [root.path]
    out = []
    for folder, dirs, names in os.walk(root.path):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        out += [Path(folder) / n for n in sorted(names) if not _hidden(Path(n))]
    return out


def _entry(root: Root, f: Path, st: os.stat_result) -> dict:
    return {"name": f.name, "url": root.url(f), "size": st.st_size, "mtime": st.st_mtime}


def build_listing(roots: list[Root], watch: bool, now: float | None = None) -> dict:
    """The listing: items in load order (datasets, then models, then bundles, whose datasets must be loaded)."""
    now = time.time() if now is None else now
    data: dict[tuple[int, Path, str], list[dict]] = {}
    models: list[dict] = []
    bundles: dict[tuple[int, Path], list[dict]] = {}
    for root in roots:
        files = [(f, f.stat()) for f in _files(root) if f.is_file()]
        bundle_dirs = {f.parent for f, _ in files if f.name == BUNDLE_MANIFEST}
        for f, st in files:
            if now - st.st_mtime < SETTLE_SECONDS:
                continue
            ext = f.suffix.lower()
            if f.parent in bundle_dirs:
                if ext in (".npy", ".json"):
                    bundles.setdefault((root.index, f.parent), []).append(_entry(root, f, st))
            elif ext == ".onnx":
                models.append({"kind": "model", "name": _label(root, f), "files": [_entry(root, f, st)]})
            elif ext in DATA_EXTENSIONS:
                data.setdefault((root.index, f.parent, f.stem), []).append(_entry(root, f, st))
    items = [{"kind": "data", "name": _label(root_of(roots, i), folder / stem), "files": fs}
             for (i, folder, stem), fs in data.items()
             if any(Path(x["name"]).suffix.lower() not in SIDECARS for x in fs)]
    items += models
    items += [{"kind": "bundle", "name": _label(root_of(roots, i), folder), "files": fs}
              for (i, folder), fs in bundles.items() if any(x["name"] == BUNDLE_MANIFEST for x in fs)]
    return {"format": FORMAT, "version": VERSION, "watch": watch, "items": items}


def root_of(roots: list[Root], index: int) -> Root:
    return next(r for r in roots if r.index == index)


def _label(root: Root, p: Path) -> str:
    """What the app shows: the path below the given folder (or the file's own name)."""
    if root.path.is_file() or p == root.path:
        return p.name
    return p.relative_to(root.path).as_posix()
