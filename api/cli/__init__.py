"""The ``kamerzoek`` command line.

Each subcommand lives in its own module under ``api/cli/`` and exposes
``register(subparsers)``; torch, chromadb and onnxruntime are imported only
where a model or the dense store is opened, so ``kamerzoek --help`` and
lexical-only commands start fast. Expected failures (bad arguments, a missing
index, a damaged store) are one line on stderr and exit status 2.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys

from api.cli.common import UsageError
from index.errors import KamerzoekIndexError
from ingest.errors import IngestError

COMMANDS = (
    "ingest",
    "check",
    "document",
    "search",
    "reindex",
    "ask",
    "serve",
    "motions",
    "commitments",
    "measures",
    "watch",
    "eval",
)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or of ``command`` alone when it names one.

    A run imports only its own command's module (and what that imports), not all twelve.
    """
    parser = argparse.ArgumentParser(
        prog="kamerzoek",
        description="Search and question answering over Dutch parliamentary letters, with cited passages.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in (command,) if command in COMMANDS else COMMANDS:
        importlib.import_module(f"api.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    for one_time_build in ("index.e5_model", "index.onnx_encoder"):  # the one-time model builds
        logging.getLogger(one_time_build).setLevel(logging.INFO)
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (UsageError, IngestError, KamerzoekIndexError) as err:
        print(f"kamerzoek {args.command}: {err}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as err:  # a store SQLite cannot read, met after it was opened
        print(f"kamerzoek {args.command}: a database in the data dir is damaged ({err}):"
              " run `kamerzoek check` to see which and how to repair it", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kamerzoek: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
