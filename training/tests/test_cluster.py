"""The bank search on a real Dask cluster (2 worker processes started here) equals the one-process path."""
from __future__ import annotations

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

from training.__main__ import main as cli  # noqa: E402
from training.cluster import ClusterBank  # noqa: E402
from training.metrics import queries, search, top_k  # noqa: E402
from training.tests.test_evaluate_bundle import assert_ranks_equal, load_bundle, mean_model  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def tied_bank(rng, n=3000, d=24, w=400, k=4):
    """Unit vectors with what the rule is about, spread so that copies fall into different shards:
    exact duplicates (of targets and of contexts), copies twice as long and copies with a -0.0 (other
    values, tying scores), windows whose prediction is their target (so its copies tie with it)."""
    bank = rng.standard_normal((n, d)).astype(np.float32)
    bank /= np.linalg.norm(bank, axis=1, keepdims=True)
    bank[rng.random((n, d)) < 0.05] = 0.0
    src = rng.choice(n, 300, replace=False)
    dst = rng.choice(np.setdiff1d(np.arange(n), src), 300, replace=False)
    bank[dst[:200]] = bank[src[:200]]  # exact copies
    bank[dst[200:250]] = 2 * bank[src[200:250]]  # same direction, another value
    bank[dst[250:]] = bank[src[250:]]
    bank[dst[250:], 0] = np.where(bank[src[250:], 0] == 0, -0.0, bank[src[250:], 0])  # -0.0 where it was 0.0
    target = rng.choice(src, w)  # every target has a copy somewhere else
    ctx = rng.integers(0, n, (w, k))
    ctx[::5, 0] = dst[rng.integers(0, 200, len(ctx[::5]))]  # contexts whose value recurs
    ctx[::7, 1] = -1  # not in the bank
    pred = bank[target] + 0.3 * rng.standard_normal((w, d)).astype(np.float32)
    pred[::3] = bank[target[::3]]  # predictions at the target: copies tie with it
    pred[1::6] = bank[ctx[1::6, 2]]  # predictions at a context vector: its copies must be excluded
    return bank, pred, target, ctx


def cluster_search(bank_search: ClusterBank, bank, pred, target, ctx, top=10, chunk=128):
    def batch(s, e):
        c = ctx[s:e]
        return queries(pred[s:e], bank[target[s:e]], target[s:e], bank[np.maximum(c, 0)], c >= 0)

    return search(bank_search.scan_parts, batch, len(pred), top, chunk)


@pytest.mark.parametrize("shards", [2, 5])
def test_ranks_and_top10_on_two_workers_equal_one_process(client, shards):
    bank, pred, target, ctx = tied_bank(np.random.default_rng(shards))
    sharded = ClusterBank(client, bank, shards=shards)
    assert len({w for w, _ in sharded.placement}) == 2  # both worker processes hold shards
    r, ids, scores = cluster_search(sharded, bank, pred, target, ctx)
    expected_ids, expected_scores = top_k(pred, bank, ctx, 10, target)
    assert_ranks_equal(r, pred, bank, ctx, target)  # = metrics.ranks, and a float64 brute force up to near-ties
    np.testing.assert_array_equal(ids, expected_ids)
    np.testing.assert_array_equal(scores, expected_scores)
    assert (r > 1).any() and (r == 1).any() and len(set(ids[:, 0])) > 50
    client.cancel([f for _, f in sharded.placement])


def test_the_cli_on_a_cluster_writes_the_same_bundle(client, tmp_path):

    bank, _, _, _ = tied_bank(np.random.default_rng(9), n=1200, d=16)
    np.save(tmp_path / "stream.npy", bank)
    np.save(tmp_path / "articles.npy", np.repeat(np.arange(60), 20))
    model = mean_model(tmp_path / "mean.onnx", "K", 16)
    args = ["evaluate", "--data", str(tmp_path / "stream.npy"), "--article-ids", str(tmp_path / "articles.npy"),
            "--models", str(model), "--cpu"]
    cli([*args, "--out", str(tmp_path / "local")])
    cli([*args, "--out", str(tmp_path / "cluster"), "--cluster", client.scheduler.address, "--shards", "3"])
    local, local_arrays = load_bundle(tmp_path / "local")
    remote, remote_arrays = load_bundle(tmp_path / "cluster")
    assert "3 shards on 2 Dask workers" in remote["retrieval"]["where"]
    assert local_arrays.keys() == remote_arrays.keys() and len(local_arrays) > 5
    for name, a in local_arrays.items():
        np.testing.assert_array_equal(remote_arrays[name], a, err_msg=name)
    assert [m["metrics"] for m in remote["models"]] == [m["metrics"] for m in local["models"]]
