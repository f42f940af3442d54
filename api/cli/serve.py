"""`kamerzoek serve` — the HTTP API and search page with uvicorn.

Refuses with one line when the data dir holds no index, and (embedded Chroma)
when another kamerzoek process holds the data dir; the lock is then held for
the server's lifetime, so an ``ingest`` meanwhile fails at once.
"""
from __future__ import annotations

import argparse
from contextlib import nullcontext

import uvicorn

from api.cli.common import add_settings_flags, settings_from
from api.main import served_app
from index.errors import IndexNotBuiltError
from index.integrity import preflight
from index.lock import DataDirLock


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve", help="serve the search API and page (http://127.0.0.1:8000/)",
        description="Serve the JSON API (/search, /ask, /documents, /passages, /health; "
                    "OpenAPI at /docs) and the search page at /.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--log-level", default="info",
                        choices=("critical", "error", "warning", "info", "debug"),
                        help="uvicorn log level (default info)")
    parser.add_argument("--threads", type=_at_least_one, default=None,
                        help="requests worked on at once (default: the cores + 1; $KAMERZOEK_SERVE_THREADS)")
    parser.add_argument("--workers", type=_at_least_one, default=None,
                        help="search processes behind the server, each with its own copy of the model "
                             "and index; 1 searches in the server itself (default 2, 1 on one core; "
                             "$KAMERZOEK_SERVE_WORKERS)")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args).with_overrides(serve_threads=args.threads, serve_workers=args.workers)
    if not settings.catalog_path.is_file() or not settings.lexical_dir.exists():
        raise IndexNotBuiltError(
            f"no index in {settings.data_dir}: run `kamerzoek ingest` first "
            f"(or pass --data-dir DIR)")
    lock = nullcontext() if settings.chroma_url else DataDirLock(settings, holder="kamerzoek serve")
    with lock:
        preflight(settings)  # a damaged store is one line here, not a traceback from the lifespan
        searching = f", {settings.serve_workers} search processes" if settings.serve_workers > 1 else ""
        print(f"kamerzoek: serving {settings.data_dir} on http://{args.host}:{args.port}/ "
              f"(API docs at /docs{searching})", flush=True)
        uvicorn.run(served_app(settings), host=args.host, port=args.port, log_level=args.log_level)
    return 0
