"""`python -m training evaluate`: the app's evaluation outside the browser, written as a results bundle.

Models run in onnxruntime (CUDA where present, else CPU); the bank search is FAISS (exact
IndexFlatIP by default, IVF-PQ with exact re-scoring when the bank is over the memory bound).
Metrics follow docs/metrics.md exactly as training/metrics.py and the app do: the window's own
context is excluded from the bank by value, ties count in the target's favour. The bundle format
is docs/results-bundle.md; the app opens it beside its dataset (Data view).
"""
from __future__ import annotations

import hashlib
import json
import platform
import shlex
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .metrics import HIT_KS, rounded
from .sources import sha256_file

FORMAT = "lvm-lens-results"
VERSION = 1
METRICS_DEFINITION = "docs/metrics.md (per window: cosine, rank with context excluded by value, ties to the target)"
MANIFEST = "lvm-results.json"
DEFAULT_K = 5  # src/predictors/compatibility.ts DEFAULT_K
TOP = 10  # src/predictors/evaluation.ts EVAL_TOP
BASELINE_NAMES = {"linear_average": "Linear average", "persistence": "Persistence", "global_mean": "Global mean"}
# npz key aliases, most specific first (src/data/npzAliases.ts)
ALIASES = {
    "contexts": ["contexts", "context", "ctx", "x", "inputs", "input"],
    "targets": ["targets", "target", "y", "labels", "label", "next"],
    "vectors": ["vectors", "vector", "embeddings", "embedding", "emb", "embs", "x", "data", "arr_0"],
    "article_ids": ["article_ids", "article_id", "articles", "article", "doc_ids", "doc_id", "docs"],
    "bank": ["bank", "corpus"],
}


def _log(*args) -> None:
    print(*args, flush=True)  # progress shows while stdout is a file


class BundleError(ValueError):
    """A refused input, with what was expected and what was found."""


# ---------------------------------------------------------------- data


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
    groups: object = None  # ValueGroups of the bank, computed once (value_groups)


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


@dataclass
class Windows:
    """Windows of one K: where each target and context vector sits in the bank (-1: nowhere)."""

    k: int
    target_idx: np.ndarray  # [W] int64
    context_idx: np.ndarray  # [W, K] int64

    def contexts(self, data: Data, s: int, e: int) -> np.ndarray:
        """Contexts of windows s..e as float32 [w, K, D] (gathered from the memory map)."""
        if data.kind == "windows":
            return np.asarray(data.contexts[s:e, data.contexts.shape[1] - self.k :], dtype=np.float32)
        idx = self.context_idx[s:e]
        return np.asarray(data.bank[idx.reshape(-1)], dtype=np.float32).reshape(e - s, self.k, data.dim)


def cut_windows(data: Data, k: int) -> Windows:
    """src/data/windows.ts: K consecutive rows of one article + the next; a windows file keeps its last K."""
    if data.kind == "stream":
        n = len(data.bank)
        starts = np.zeros(n, dtype=bool)
        starts[0] = True
        if data.article_ids is not None:
            starts[1:] = data.article_ids[1:] != data.article_ids[:-1]
        run_start = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
        targets = np.nonzero(np.arange(n) - run_start >= k)[0].astype(np.int64)
        return Windows(k, targets, targets[:, None] - k + np.arange(k))
    kf = data.contexts.shape[1]
    if k > kf:
        raise BundleError(f"windows of K = {kf}: expected K >= {k} for this model")
    if data.bank is data.targets:
        target_idx = np.arange(len(data.targets), dtype=np.int64)
    else:
        target_idx = value_groups(data).locate(data.targets)
    ctx = value_groups(data).locate(data.contexts[:, kf - k :])
    return Windows(k, target_idx, ctx)


def _row_keys(block: np.ndarray) -> list[bytes]:
    """A 16-byte digest of each row's float32 value (as loaded: a float16 row widened first)."""
    block = np.ascontiguousarray(block, dtype="<f4")
    return [hashlib.blake2b(row.tobytes(), digest_size=16).digest() for row in block]


class ValueGroups:
    """Bank rows grouped by bit-identical float32 value (docs/metrics.md, "excluded")."""

    def __init__(self, bank: np.ndarray, rows: int = 65536):
        n = len(bank)
        self.bank = bank
        self.group = np.arange(n, dtype=np.int64)
        self.first: dict[bytes, int] = {}
        for s in range(0, n, rows):
            block = np.asarray(bank[s : s + rows], dtype=np.float32)
            for i, key in enumerate(_row_keys(block)):
                j = self.first.setdefault(key, s + i)
                if j != s + i:
                    if not np.array_equal(np.asarray(bank[j], np.float32).view(np.uint32), block[i].view(np.uint32)):
                        raise RuntimeError(f"hash collision between bank rows {j} and {s + i}")
                    self.group[s + i] = j
        dup = np.nonzero(np.bincount(self.group, minlength=n) > 1)[0]
        order = np.argsort(self.group, kind="stable")
        sorted_groups = self.group[order]
        self.members = {int(g): order[np.searchsorted(sorted_groups, g, "left"):np.searchsorted(sorted_groups, g, "right")]
                        for g in dup}

    def locate(self, vectors: np.ndarray, rows: int = 65536) -> np.ndarray:
        """First bank row bit-identical to each vector ([..., D] -> [...]), -1 where the bank has none."""
        flat = vectors.reshape(-1, vectors.shape[-1])
        out = np.full(len(flat), -1, np.int64)
        for s in range(0, len(flat), rows):
            block = np.asarray(flat[s : s + rows], dtype=np.float32)
            for i, key in enumerate(_row_keys(block)):
                j = self.first.get(key, -1)
                if j >= 0 and np.array_equal(np.asarray(self.bank[j], np.float32).view(np.uint32), block[i].view(np.uint32)):
                    out[s + i] = j
        return out.reshape(vectors.shape[:-1])

    def expand(self, window: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(window, bank row) pairs for every bank row sharing a value with `rows` (rows < 0 dropped)."""
        keep = rows >= 0
        window, rows = window[keep], rows[keep]
        w_out, r_out = [window], [rows]
        if self.members:
            g = self.group[rows]
            for i in np.nonzero(np.isin(g, list(self.members)))[0]:
                m = self.members[int(g[i])]
                w_out.append(np.full(len(m), window[i]))
                r_out.append(m)
        return np.concatenate(w_out), np.concatenate(r_out)


def value_groups(data: Data) -> ValueGroups:
    """The bank's value groups, computed once per dataset."""
    if data.groups is None:
        data.groups = ValueGroups(data.bank)
    return data.groups


def normalize32(x: np.ndarray) -> np.ndarray:
    """Row-wise unit length in float32 (zero rows stay zero)."""
    x = np.asarray(x, dtype=np.float32)
    n = np.linalg.norm(x.astype(np.float64), axis=-1, keepdims=True)
    return (x / np.where(n > 0, n, 1)).astype(np.float32)


# ---------------------------------------------------------------- retrieval


class Bank:
    """The unit bank rows behind a FAISS index; blocks come from the memory map when over the bound."""

    def __init__(self, data: Data, index: str = "auto", memory_gb: float = 4.0, nprobe: int = 32, log=_log):
        import faiss

        self.data, self.n, self.dim = data, len(data.bank), data.dim
        self.groups = value_groups(data)
        fits = self.n * self.dim * 4 <= memory_gb * 1024**3
        self.kind = ("flat" if fits else "ivf") if index == "auto" else index
        self.unit = normalize32(data.bank) if fits else None  # [N, D] in memory, or read per block
        if self.kind == "flat":
            self.index = faiss.IndexFlatIP(self.dim)
            self.index.add(self.unit if self.unit is not None else normalize32(data.bank))
            self.describe = "faiss.IndexFlatIP (exact)"
        else:
            nlist = max(1, min(int(np.sqrt(self.n)), self.n // 39))  # √N lists: k-means training stays cheap
            m = next(m for m in (48, 32, 24, 16, 12, 8, 4, 2, 1) if self.dim % m == 0 and m <= self.dim)
            quantizer = faiss.IndexFlatIP(self.dim)
            nbits = int(min(8, max(1, np.log2(self.n / 39))))  # PQ training wants 39 points per centroid
            self.index = faiss.IndexIVFPQ(quantizer, self.dim, nlist, m, nbits, faiss.METRIC_INNER_PRODUCT)
            sample = np.linspace(0, self.n - 1, min(self.n, max(64 * nlist, 20000))).astype(np.int64)
            self.index.train(normalize32(data.bank[sample]))
            for s, e in self.blocks():
                self.index.add(self.block(s, e))
            self.index.nprobe = min(nprobe, nlist)
            self.describe = (f"faiss.IndexIVFPQ nlist={nlist} m={m}x{nbits} bits nprobe={self.index.nprobe}, candidates re-scored "
                             "exactly (approximate top-k; ranks stay exact)")
        log(f"bank {self.n} × {self.dim}: {self.describe}")

    def blocks(self, rows: int = 16384):  # a [4096, 16384] float32 score block is 256 MB
        return ((s, min(s + rows, self.n)) for s in range(0, self.n, rows))

    def block(self, s: int, e: int) -> np.ndarray:
        return self.unit[s:e] if self.unit is not None else normalize32(self.data.bank[s:e])

    def rows(self, idx: np.ndarray) -> np.ndarray:
        if self.unit is not None:
            return self.unit[idx]
        order = np.argsort(idx)  # a memory map reads sorted rows faster
        out = np.empty((len(idx), self.dim), np.float32)
        out[order] = normalize32(self.data.bank[idx[order]])
        return out


def search(bank: Bank, pred: np.ndarray, win: Windows, top: int = TOP, candidates: int = 128,
           chunk: int = 4096) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ranks [W] and the top-`top` non-excluded neighbours (ids, cosine) of each window's prediction.

    FAISS returns each window's best `candidates` (+ excluded) entries. Where the last of them scores
    at most the target, every entry above the target is in that list and the rank is read off it;
    the other windows (and all under IVF) are ranked by an exact blocked pass over the bank.
    """
    w_all = len(pred)
    ranks = np.empty(w_all, np.int64)
    top_ids = np.full((w_all, top), -1, np.int64)
    top_scores = np.full((w_all, top), -np.inf, np.float32)
    for s in range(0, w_all, chunk):
        e = min(s + chunk, w_all)
        q = normalize32(pred[s:e])  # [w, D]
        w = e - s
        t = win.target_idx[s:e]
        s_t = np.einsum("wd,wd->w", q, bank.rows(t))  # the target's score
        # excluded (window, row) pairs: every row sharing a value with a context vector, except the target
        ctx = win.context_idx[s:e]
        ew, er = bank.groups.expand(np.repeat(np.arange(w), win.k), ctx.reshape(-1))
        not_t = er != t[ew]
        ex_key = np.unique(ew[not_t] * bank.n + er[not_t])
        # rows tying with the target by value never count against it (nor does the target itself)
        tw, tr = bank.groups.expand(np.arange(w), t)
        skip_key = np.union1d(ex_key, tw * bank.n + tr)
        slack = int(np.bincount(ex_key // bank.n, minlength=w).max()) if len(ex_key) else 0
        if bank.kind == "flat":
            kk = min(bank.n, max(top, candidates) + slack)
            scores, ids = bank.index.search(q, kk)
        else:  # ranks come from the bank pass: the list only needs the top, re-scored exactly
            kk = min(bank.n, top + slack)
            _, ids = bank.index.search(q, min(bank.n, 4 * kk))
            scores = np.full(ids.shape, -np.inf, np.float32)
            for a in range(0, w, 256):  # gathered rows stay ~100 MB however many windows a chunk has
                sub = ids[a : a + 256]
                found = sub >= 0
                rows = bank.rows(sub[found])
                scores[a : a + 256][found] = np.einsum("wd,wd->w", np.repeat(q[a : a + 256], found.sum(1), 0), rows)
            order = np.argsort(-scores, axis=1, kind="stable")
            scores, ids = np.take_along_axis(scores, order, 1), np.take_along_axis(ids, order, 1)
            ids = np.where(np.isfinite(scores), ids, -1)
        key = np.arange(w)[:, None] * bank.n + ids
        excluded = np.isin(key, ex_key) | (ids < 0)
        for i in range(w):  # first `top` entries left after the exclusion, in score order
            keep = np.nonzero(~excluded[i])[0][:top]
            top_ids[s + i, : len(keep)] = ids[i, keep]
            top_scores[s + i, : len(keep)] = scores[i, keep]
        above = (scores > s_t[:, None]) & ~np.isin(key, skip_key) & (ids >= 0)
        resolved = (scores[:, -1] <= s_t) | (kk >= bank.n) if bank.kind == "flat" else np.zeros(w, bool)
        ranks[s:e] = 1 + above.sum(axis=1)
        todo = np.nonzero(~resolved)[0]
        if len(todo):
            ranks[s + todo] = 1 + count_above(bank, q[todo], s_t[todo], todo, skip_key, w)
    return ranks, top_ids, top_scores


def count_above(bank: Bank, q: np.ndarray, s_t: np.ndarray, windows: np.ndarray, skip_key: np.ndarray,
                w: int) -> np.ndarray:
    """Exact #{bank rows not skipped with score > the target's}, one BLAS product per bank block."""
    count = np.zeros(len(q), np.int64)
    # skipped pairs of these windows, re-keyed by their row in q
    sw, sr = np.divmod(skip_key, bank.n)
    pos = np.full(w, -1)
    pos[windows] = np.arange(len(windows))
    keep = pos[sw] >= 0
    sw, sr = pos[sw[keep]], sr[keep]
    for b0, b1 in bank.blocks():
        scores = q @ bank.block(b0, b1).T  # [w, b]
        inb = (sr >= b0) & (sr < b1)
        scores[sw[inb], sr[inb] - b0] = -np.inf
        count += (scores > s_t[:, None]).sum(axis=1)
    return count


# ---------------------------------------------------------------- models


@dataclass
class Model:
    id: str
    name: str
    path: Path
    sha256: str
    k: int | None  # None: dynamic
    dim: int | None
    input: str
    output: str
    session: object


def load_model(path: Path, providers: list[str], threads: int | None = None) -> Model:
    """An ONNX LVM: input [batch, K, D], a 2-D prediction output (named 'prediction' when there are several)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    session = ort.InferenceSession(str(path), opts, providers=providers)
    inp = session.get_inputs()[0]
    if len(inp.shape) != 3:
        raise BundleError(f"{path.name}: expected an input [batch, K, D]; found {inp.name} {inp.shape}")
    outs = session.get_outputs()
    out = next((o for o in outs if o.name == "prediction"), None) or next((o for o in outs if len(o.shape) == 2), None)
    if out is None:
        raise BundleError(f"{path.name}: expected a [batch, D] output; found {[(o.name, o.shape) for o in outs]}")
    meta = session.get_modelmeta().custom_metadata_map
    fixed = lambda v: v if isinstance(v, int) else None  # noqa: E731
    names = {}
    shipped = path.parent / "manifest.json"
    if shipped.exists():
        names = {m["file"]: m for m in json.loads(shipped.read_text()).get("models", [])}
    model_id = meta.get("lvm.id") or path.stem
    return Model(model_id, names.get(path.name, {}).get("name", model_id), path, sha256_file(path),
                 fixed(inp.shape[1]), fixed(inp.shape[2]), inp.name, out.name, session)


def run_model(model: Model, data: Data, win: Windows, batch: int = 1024) -> np.ndarray:
    """Predictions [W, D] float32 for every window, in batches gathered from the (mapped) data."""
    out = np.empty((len(win.target_idx), data.dim), np.float32)
    for s in range(0, len(out), batch):
        e = min(s + batch, len(out))
        out[s:e] = model.session.run([model.output], {model.input: win.contexts(data, s, e)})[0]
    return out


def run_baseline(bid: str, data: Data, win: Windows, batch: int = 16384) -> np.ndarray:
    """docs/metrics.md baselines: normalize(mean(context)), the last context vector, normalize(train mean)."""
    out = np.empty((len(win.target_idx), data.dim), np.float32)
    for s in range(0, len(out), batch):
        e = min(s + batch, len(out))
        if bid == "global_mean":
            out[s:e] = normalize32(data.train_mean[None])
            continue
        c = win.contexts(data, s, e)
        out[s:e] = normalize32(c.mean(axis=1)) if bid == "linear_average" else c[:, -1]
    return out


# ---------------------------------------------------------------- bundle


def cosines(pred: np.ndarray, bank: Bank, win: Windows, data: Data) -> np.ndarray:
    """cos(prediction, target) per window, as the app's cosineRows (float64 sums)."""
    if data.kind == "windows":
        tgt = np.asarray(data.targets, dtype=np.float64)
    else:
        tgt = np.asarray(data.bank[win.target_idx], dtype=np.float64)
    p = pred.astype(np.float64)
    denom = np.linalg.norm(p, axis=1) * np.linalg.norm(tgt, axis=1)
    return np.where(denom > 0, (p * tgt).sum(axis=1) / np.where(denom > 0, denom, 1), 0).astype(np.float32)


def summary(cos: np.ndarray, ranks: np.ndarray) -> dict:
    """Per-split metrics with training/metrics.py's keys (fractions)."""
    c = cos.astype(np.float64)
    m = {"n": int(len(ranks)), "cosine_mean": float(c.mean()), "cosine_std": float(c.std())}
    for k in HIT_KS:
        m[f"hit{k}"] = float((ranks <= k).mean())
    m["mrr"] = float((1.0 / ranks).mean())
    m["mean_rank"] = float(ranks.mean())
    return m


def _save(out: Path, name: str, array: np.ndarray, dtype: str) -> str:
    np.save(out / name, np.ascontiguousarray(array, dtype=dtype), allow_pickle=False)
    return name


def evaluate_bundle(data: Data, model_paths: list[Path], out: Path, *, command: list[str], index: str = "auto",
                    memory_gb: float = 4.0, nprobe: int = 32, top: int = TOP, candidates: int = 128,
                    baselines: bool = True, providers: list[str] | None = None, threads: int | None = None,
                    log=_log) -> dict:
    """Evaluate every model (and the baselines) on `data`; write the bundle into `out`; return its manifest."""
    import faiss
    import onnxruntime as ort

    t_start = time.perf_counter()
    if data.bank.shape[0] >= 2**31:
        raise BundleError(f"expected a bank under 2^31 rows (ids are int32); found {data.bank.shape[0]}")
    if providers is None:
        have = ort.get_available_providers()
        providers = [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in have]
    models = [load_model(Path(p), providers, threads) for p in model_paths]
    for m in models:
        if m.dim is not None and m.dim != data.dim:
            raise BundleError(f"{m.path.name}: expects {m.dim}-D vectors; {data.name} is {data.dim}-D")
    bank = Bank(data, index, memory_gb, nprobe, log)
    out.mkdir(parents=True, exist_ok=True)
    windows: dict[int, Windows] = {}
    manifest_windows = []

    def windows_for(k: int) -> Windows:
        if k not in windows:
            windows[k] = cut_windows(data, k)
            if (windows[k].target_idx < 0).any():
                raise BundleError(f"{int((windows[k].target_idx < 0).sum())} targets are not in the bank")
            manifest_windows.append({"k": k, "n": int(len(windows[k].target_idx)),
                                     "target_rows": _save(out, f"windows.k{k}.target_rows.npy", windows[k].target_idx, "<i4")})
        return windows[k]

    def score(pred: np.ndarray, win: Windows) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
        t0 = time.perf_counter()
        r, ids, sc = search(bank, pred, win, top, candidates)
        return cosines(pred, bank, win, data), r, ids, sc, time.perf_counter() - t0

    entries = []
    for m in models:
        k = m.k or data.default_k
        win = windows_for(k)
        t0 = time.perf_counter()
        pred = run_model(m, data, win)
        predict_s = time.perf_counter() - t0
        cos, r, ids, sc, rank_s = score(pred, win)
        files = {
            "predictions": _save(out, f"{m.id}.predictions.npy", pred, "<f2"),
            "cosines": _save(out, f"{m.id}.cosines.npy", cos, "<f4"),
            "ranks": _save(out, f"{m.id}.ranks.npy", r, "<i4"),
            "top_ids": _save(out, f"{m.id}.top_ids.npy", ids, "<i4"),
            "top_scores": _save(out, f"{m.id}.top_scores.npy", sc, "<f4"),
        }
        metrics = rounded(summary(cos, r))
        entries.append({"id": m.id, "name": m.name, "file": m.path.name, "sha256": m.sha256, "k": k, "dim": data.dim,
                        "n": int(len(r)), "provider": m.session.get_providers()[0], "predict_seconds": round(predict_s, 3),
                        "rank_seconds": round(rank_s, 3), "files": files, "metrics": metrics})
        log(f"[{m.id}] K={k} n={len(r)} predict {predict_s:.1f}s rank {rank_s:.1f}s {metrics}")
    base = []
    if baselines:
        for k in sorted({e["k"] for e in entries} or {data.default_k}):
            win = windows_for(k)
            for bid, bname in BASELINE_NAMES.items():
                if bid == "global_mean" and (data.train_mean is None or data.train_mean.shape != (data.dim,)):
                    continue
                cos, r, _, _, rank_s = score(run_baseline(bid, data, win), win)
                base.append({"id": bid, "name": bname, "k": k, "n": int(len(r)), "rank_seconds": round(rank_s, 3),
                             "metrics": rounded(summary(cos, r))})
                log(f"[{bid}] K={k} rank {rank_s:.1f}s {base[-1]['metrics']}")
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "metrics_definition": METRICS_DEFINITION,
        "command": shlex.join(command),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "tools": {"python": platform.python_version(), "numpy": np.__version__, "onnxruntime": ort.__version__,
                  "faiss": faiss.__version__},
        "dataset": {"name": data.name, "kind": data.kind, "rows": int(len(data.bank)), "dim": data.dim,
                    "sha256": data.sha256, "hashed": data.hashed, **data.meta},
        "retrieval": {"top_k": bank.describe, "ranks": "exact: FAISS candidate list when it reaches below the target, "
                      "else a blocked BLAS pass over the whole bank", "top": top},
        "windows": sorted(manifest_windows, key=lambda w: w["k"]),
        "models": entries,
        "baselines": base,
        "seconds": round(time.perf_counter() - t_start, 3),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def main(args, argv: list[str]) -> dict:
    """The `evaluate` subcommand (arguments parsed in training/__main__.py; argv recorded as the command)."""
    data = load_data(args.data, args.split, args.article_ids, args.train_mean)
    paths = [Path(p) for p in args.models]
    providers = ["CPUExecutionProvider"] if args.cpu else None
    return evaluate_bundle(data, paths, Path(args.out), command=["python", "-m", "training", *argv],
                           index=args.index, memory_gb=args.memory_gb, nprobe=args.nprobe, top=args.top, candidates=args.candidates,
                           baselines=not args.no_baselines, providers=providers, threads=args.threads)
