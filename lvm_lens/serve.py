"""`lvm-lens open`: the built app and the user's files from one origin, with the headers of `vite preview`.

The headers come from the build itself: vite.config.ts writes them to `<outDir>/_headers` (the
Netlify/Cloudflare format), so this server and `vite preview` never disagree.
"""
from __future__ import annotations

import json
import mimetypes
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .listing import FILES_PREFIX, Root, build_listing

LISTING_PATH = "/workspace/index.json"
HEADERS_FILE = "_headers"
BUILD_HINT = ("build it first: `npm install && npm run build` in the LVM Lens checkout (it writes dist/), "
              "and pass --app-dir <checkout>/dist when lvm-lens is installed elsewhere")


class AppDirError(RuntimeError):
    """The app folder is missing or is not a build of LVM Lens."""


def read_headers(app_dir: Path) -> dict[str, str]:
    """The headers the build asks every response to carry (the `/*` block of `_headers`)."""
    if not (app_dir / "index.html").is_file():
        raise AppDirError(f"{app_dir} holds no built app (no index.html); {BUILD_HINT}")
    file = app_dir / HEADERS_FILE
    if not file.is_file():
        raise AppDirError(f"{app_dir} has no {HEADERS_FILE} (built before `lvm-lens open` existed?); {BUILD_HINT}")
    headers: dict[str, str] = {}
    block = None
    for line in file.read_text().splitlines():
        if line.strip() and not line[0].isspace():
            block = line.strip()
        elif block == "/*" and ":" in line:
            key, value = line.strip().split(":", 1)
            headers[key.strip()] = value.strip()
    if "Cross-Origin-Embedder-Policy" not in headers:
        raise AppDirError(f"{file} sets no Cross-Origin-Embedder-Policy for /*; {BUILD_HINT}")
    return headers


class Handler(SimpleHTTPRequestHandler):
    """Static files of the app, the listing, and the listed files; nothing else from the disk."""

    def __init__(self, *args, app_dir: Path, roots: list[Root], watch: bool, headers: dict[str, str], **kw):
        self.roots, self.watch, self.extra = roots, watch, headers
        super().__init__(*args, directory=str(app_dir), **kw)

    def end_headers(self) -> None:
        for key, value in self.extra.items():
            self.send_header(key, value)
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # quiet: the URL line is what the user reads
        pass

    def _send(self, body: bytes, ctype: str, head: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _route(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == LISTING_PATH:
            body = json.dumps(build_listing(self.roots, self.watch)).encode()
            return self._send(body, "application/json", head)
        if path.startswith(FILES_PREFIX):
            index, _, rel = path[len(FILES_PREFIX):].partition("/")
            root = next((r for r in self.roots if str(r.index) == index), None)
            file = root.resolve(rel) if root else None
            if file is None:
                return self.send_error(404, "not a listed file")
            ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return self._send(file.read_bytes(), ctype, head)
        # the app: a path that is not a built file gets index.html (as vite preview does)
        if not Path(self.translate_path(path)).exists():
            self.path = "/index.html"
        return super().do_HEAD() if head else super().do_GET()

    def do_GET(self) -> None:
        self._route(False)

    def do_HEAD(self) -> None:
        self._route(True)


def make_server(app_dir: Path, paths: list[Path], port: int, watch: bool, host: str = "127.0.0.1"
                ) -> ThreadingHTTPServer:
    """A server for the app in `app_dir` and the files under `paths` (port 0: any free port)."""
    headers = read_headers(app_dir)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    roots = [Root(i, p.resolve()) for i, p in enumerate(paths)]
    handler = partial(Handler, app_dir=app_dir, roots=roots, watch=watch, headers=headers)
    return ThreadingHTTPServer((host, port), handler)


def workspace_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/?open={LISTING_PATH}"
