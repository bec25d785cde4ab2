"""Past one machine: the bank search of `python -m training evaluate --cluster ADDRESS` on Dask distributed.

Why Dask: `pip install dask distributed` is all it takes; no daemon or cluster manager has to run
first (`dask scheduler` and `dask worker` are plain processes, started on any hosts), a LocalCluster
starts inside the test process, and numpy arrays travel between processes as they are. Ray would do
the same work but brings its own runtime (`ray start`, an object store sized up front) for what is
here one scatter and one map per batch.

The bank is cut into contiguous shards, one per worker; each worker builds a BankShard (unit rows,
value keys) from its rows once and runs training/metrics.py's scan on every batch of windows:
its count of rows scoring strictly above each target (context rows excluded by value, decided from
the shard's own bits) and its top list. The driver adds the counts and merges the lists
(metrics.merge_scans): ranks and top lists are identical to the one-process path.
"""
from __future__ import annotations

import numpy as np

from .bank_shard import BankShard
from .metrics import Queries, scan


class ClusterBank:
    """The bank sharded over a Dask cluster's workers; scan_parts() is metrics.search's scan_parts."""

    def __init__(self, client, bank: np.ndarray, memory_gb: float = 4.0, shards: int | None = None):
        from distributed import wait

        self.client = client
        workers = sorted(client.scheduler_info()["workers"])
        if not workers:
            raise RuntimeError(f"the Dask scheduler at {client.scheduler.address} has no workers")
        shards = shards or len(workers)
        cuts = np.linspace(0, len(bank), shards + 1).astype(np.int64)
        self.placement = []  # (worker address, future of its BankShard)
        for i, (a, b) in enumerate(zip(cuts[:-1], cuts[1:])):
            worker = workers[i % len(workers)]
            values = client.scatter(np.ascontiguousarray(bank[a:b]), workers=[worker])
            shard = client.submit(BankShard, values, int(a), memory_gb, workers=[worker], allow_other_workers=False,
                                  pure=False)
            self.placement.append((worker, shard))
        wait([f for _, f in self.placement])
        self.describe = f"{shards} shards on {len(workers)} Dask workers ({client.scheduler.address})"
        self.version = client.get_versions()["client"]["packages"]["distributed"]

    def scan_parts(self, qs: Queries, top: int) -> list:
        """One scan() per shard, each on the worker holding it."""
        workers = sorted({w for w, _ in self.placement})
        q = self.client.scatter(qs, workers=workers, broadcast=True)
        futures = [self.client.submit(scan, shard, q, top, workers=[w], allow_other_workers=False, pure=False)
                   for w, shard in self.placement]
        return self.client.gather(futures)

    def close(self) -> None:
        """Release the shards and disconnect (the cluster itself keeps running)."""
        self.client.cancel([f for _, f in self.placement])
        self.placement = []
        self.client.close()


def connect(address: str, bank: np.ndarray, memory_gb: float = 4.0, shards: int | None = None) -> ClusterBank:
    """A client of the scheduler at `address` (e.g. tcp://host:8786) with the bank sharded over its workers."""
    from distributed import Client

    return ClusterBank(Client(address), bank, memory_gb, shards)
