"""`lvm-lens open`: the listing groups files as the app loads them, files are served with the build's
headers, and nothing outside the given paths is reachable."""
from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request

import pytest

from lvm_lens.cli import main
from lvm_lens.listing import SETTLE_SECONDS, Root, build_listing
from lvm_lens.serve import AppDirError, make_server, read_headers, workspace_url

HEADERS = "/*\n  Cross-Origin-Opener-Policy: same-origin\n  Cross-Origin-Embedder-Policy: require-corp\n  X-Test: 1\n"


def _old(path, data=b"x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    t = time.time() - 10
    os.utime(path, (t, t))
    return path


@pytest.fixture
def app_dir(tmp_path):
    d = tmp_path / "dist"
    d.mkdir()
    (d / "index.html").write_text("<!doctype html><title>app</title>")
    (d / "_headers").write_text(HEADERS)
    return d


@pytest.fixture
def work(tmp_path):
    w = tmp_path / "work"
    _old(w / "a.onnx")
    _old(w / "vectors.npy")
    _old(w / "vectors.txt")
    _old(w / "lonely.txt")
    _old(w / ".hidden.onnx")
    _old(w / ".m.onnx.tmp")
    _old(w / "sub" / "b_epoch02.onnx")
    _old(w / "results" / "lvm-results.json", b"{}")
    _old(w / "results" / "m.predictions.npy")
    return w


def test_listing_groups_and_orders_items(work):
    listing = build_listing([Root(0, work)], watch=True)
    assert listing["format"] == "lvm-lens-workspace" and listing["watch"] is True
    items = [(i["kind"], i["name"], sorted(f["name"] for f in i["files"])) for i in listing["items"]]
    assert items == [
        ("data", "vectors", ["vectors.npy", "vectors.txt"]),
        ("model", "a.onnx", ["a.onnx"]),
        ("model", "sub/b_epoch02.onnx", ["b_epoch02.onnx"]),
        ("bundle", "results", ["lvm-results.json", "m.predictions.npy"]),
    ]
    assert listing["items"][2]["files"][0]["url"] == "/workspace/files/0/sub/b_epoch02.onnx"


def test_a_file_still_being_written_waits(work):
    (work / "new.onnx").write_bytes(b"x")
    names = lambda now: [i["name"] for i in build_listing([Root(0, work)], False, now)["items"]]  # noqa: E731
    assert "new.onnx" not in names(time.time())
    assert "new.onnx" in names(time.time() + SETTLE_SECONDS + 0.1)


@pytest.fixture
def server(app_dir, work, tmp_path):
    single = _old(tmp_path / "elsewhere" / "one.npz", b"npz")
    srv = make_server(app_dir, [work, single], 0, watch=False)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv, f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _get(url):
    with urllib.request.urlopen(url) as r:
        return r.status, dict(r.headers), r.read()


def test_serves_app_listing_and_files_with_the_build_headers(server):
    srv, base = server
    assert workspace_url(srv) == f"{base}/?open=/workspace/index.json"
    status, headers, body = _get(f"{base}/?open=/workspace/index.json")
    assert status == 200 and b"<title>app</title>" in body
    assert headers["Cross-Origin-Embedder-Policy"] == "require-corp" and headers["X-Test"] == "1"
    _, headers, body = _get(f"{base}/workspace/index.json")
    listing = json.loads(body)
    assert headers["Cache-Control"] == "no-store" and headers["Cross-Origin-Opener-Policy"] == "same-origin"
    urls = [f["url"] for i in listing["items"] for f in i["files"]]
    assert "/workspace/files/1/one.npz" in urls
    assert _get(f"{base}/workspace/files/1/one.npz")[2] == b"npz"
    assert _get(f"{base}/workspace/files/0/sub/b_epoch02.onnx")[2] == b"x"
    assert _get(f"{base}/view/predict")[2].startswith(b"<!doctype html>")  # unknown paths: the app


@pytest.mark.parametrize("path", [
    "/workspace/files/0/../../dist/index.html", "/workspace/files/0/%2e%2e/elsewhere/one.npz",
    "/workspace/files/0/.hidden.onnx", "/workspace/files/0/.m.onnx.tmp", "/workspace/files/1/other.npz",
    "/workspace/files/7/a.onnx", "/workspace/files/0/sub",
])
def test_nothing_outside_the_listed_files_is_served(server, path):
    with pytest.raises(urllib.error.HTTPError) as e:
        _get(server[1] + path)
    assert e.value.code == 404


def test_a_missing_or_old_build_is_named_with_how_to_build(tmp_path, app_dir, capsys):
    with pytest.raises(AppDirError, match="npm run build"):
        read_headers(tmp_path / "nowhere")
    (app_dir / "_headers").unlink()
    with pytest.raises(AppDirError, match="no _headers"):
        read_headers(app_dir)
    assert main(["open", str(tmp_path), "--no-browser", "--app-dir", str(tmp_path / "nowhere")]) == 2
    assert "npm run build" in capsys.readouterr().err
