"""A bank's rows as one process or one cluster worker holds them: unit rows by block, value keys.

The unit vector of a row and the "same value" test are what docs/metrics.md's rule is computed from, so
both are defined here once and give the same bits wherever a row sits (training/metrics.py scans them).
"""
from __future__ import annotations

import numpy as np



def unit_rows(x: np.ndarray) -> np.ndarray:
    """Rows at unit length in float32, as src/metrics/cosine.ts normalizeRows: x · (1 / √Σx²), the sum in
    float64 left to right, so a row's unit vector has the same bits wherever it sits (zero rows stay zero)."""
    xt = np.asarray(x, dtype=np.float32).astype(np.float64).T  # [D, n]: one contiguous column per step
    ss = np.zeros(xt.shape[1])
    for col in xt:
        ss += col * col
    norm = np.sqrt(ss)
    inv = np.where(norm > 0, 1 / np.where(norm > 0, norm, 1), 0)
    return np.ascontiguousarray((xt * inv).T, dtype=np.float32)


def _value_keys(values: np.ndarray) -> np.ndarray:
    """A uint64 hash of each row's float32 bits (as loaded: float16 widened); equal keys are checked bit by bit."""
    bits = np.ascontiguousarray(values, dtype=np.float32).view(np.uint32)  # [n, D]
    mult = np.random.default_rng(0x5EED).integers(1, 2**63, size=bits.shape[1], dtype=np.uint64) | np.uint64(1)
    return (bits.astype(np.uint64) * mult).sum(axis=1, dtype=np.uint64)


class BankShard:
    """Bank rows [offset, offset + n) as stored (float16/float32, possibly a memory map): the unit of work a
    process or a cluster worker scans. Exclusion by value is decided here from the rows' own bits."""

    def __init__(self, values: np.ndarray, offset: int = 0, memory_gb: float = 4.0, block: int = 16384):
        self.values, self.offset, self.block_rows = values, int(offset), block  # a [4096, 16384] f32 block: 256 MB
        rows = 8192  # rows hashed at a time
        self.n, self.dim = values.shape
        self.fits = self.n * self.dim * 4 <= memory_gb * 2**30
        self._unit = None
        keys = np.concatenate([_value_keys(values[s : s + rows]) for s in range(0, self.n, rows)] or [np.zeros(0, np.uint64)])
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]

    def blocks(self):
        """(start, end) of the blocks a scan scores at once (local rows)."""
        return ((s, min(s + self.block_rows, self.n)) for s in range(0, self.n, self.block_rows))

    def block(self, s: int, e: int) -> np.ndarray:
        """Unit rows s..e (local), float32; held in memory when the shard fits `memory_gb`."""
        if self.fits and self._unit is None:
            self._unit = unit_rows(self.values)
        return self._unit[s:e] if self._unit is not None else unit_rows(self.values[s:e])

    def matches(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(vector index, local row) of every row bit-identical to one of `vectors` [m, D] (float32 values)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        lo = np.searchsorted(self.keys, _value_keys(vectors), "left")
        hi = np.searchsorted(self.keys, _value_keys(vectors), "right")
        count = hi - lo
        vi = np.repeat(np.arange(len(vectors)), count)
        rows = self.order[np.repeat(lo - np.cumsum(count) + count, count) + np.arange(count.sum())]
        got = np.empty((len(rows), self.dim), np.float32)
        srt = np.argsort(rows)
        got[srt] = self.values[rows[srt]]  # a memory map reads sorted rows faster
        same = (got.view(np.uint32) == vectors[vi].view(np.uint32)).all(axis=1)
        return vi[same], rows[same]

    def locate(self, vectors: np.ndarray) -> np.ndarray:
        """First global row bit-identical to each vector ([..., D] -> [...]), -1 where the shard has none."""
        vi, rows = self.matches(vectors)
        out = np.full(int(np.prod(vectors.shape[:-1])), np.iinfo(np.int64).max)
        np.minimum.at(out, vi, rows + self.offset)
        return np.where(out == np.iinfo(np.int64).max, -1, out).reshape(vectors.shape[:-1])
