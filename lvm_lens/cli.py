"""The `lvm-lens` command: `lvm-lens open PATH… [--port N] [--no-browser] [--watch] [--app-dir DIR]`."""
from __future__ import annotations

import argparse
import sys
import webbrowser
from pathlib import Path

from .serve import AppDirError, make_server, workspace_url

DEFAULT_PORT = 5199


def default_app_dir() -> Path:
    """dist/ of the checkout this package was installed from (or runs in)."""
    return Path(__file__).resolve().parent.parent / "dist"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lvm-lens", description="LVM Lens from Python.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    op = sub.add_parser("open", help="serve the app with these models, datasets and results bundles loaded")
    op.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".onnx, .npz/.npy/…, a bundle folder, or a folder of them")
    op.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0: any free one)")
    op.add_argument("--no-browser", action="store_true", help="print the URL but open no browser")
    op.add_argument("--watch", action="store_true", help="files that appear later join the open app (e.g. one checkpoint per epoch)")
    op.add_argument("--app-dir", type=Path, default=None, help="the built app (default: dist/ of this checkout)")
    args = parser.parse_args(argv)

    app_dir = args.app_dir or default_app_dir()
    try:
        server = make_server(app_dir, args.paths, args.port, args.watch)
    except (AppDirError, FileNotFoundError) as e:
        print(f"lvm-lens: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"lvm-lens: cannot listen on port {args.port} ({e.strerror}); pass another with --port", file=sys.stderr)
        return 2
    url = workspace_url(server)
    print(f"LVM Lens: {url}", flush=True)
    print(f"serving {', '.join(str(p) for p in args.paths)}{' (watching for new files)' if args.watch else ''}; "
          "Ctrl-C stops", flush=True)
    if not args.no_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
