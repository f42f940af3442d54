"""`kamerzoek ingest [PATH ...]` — parse documents into the catalog and keep the indexes in step.

Prints a progress bar (stderr), a per-file table and a summary line (stdout);
every file that could not be ingested gets one line ``FILE: reason`` on stderr.
Exit status 0 only if every file succeeded, 1 otherwise.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.cli.common import add_settings_flags, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "ingest", help="ingest documents (PDF, text, Markdown/HTML) into the index",
        description="Parse documents into the catalog and bring Chroma and BM25 in step. "
                    "Unchanged files are skipped; an interrupted run is completed by the next.")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or directories (default: corpus/)")
    parser.add_argument("--prune", action="store_true",
                        help="remove documents whose file is gone from a scanned directory")
    parser.add_argument("--strict", action="store_true", help="stop at the first file that fails")
    parser.add_argument("--force", action="store_true",
                        help="re-parse files even when unchanged (after a parser upgrade)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from index.pipeline import ingest_paths

    settings = settings_from(args)
    paths = args.paths or [Path("corpus")]
    report = ingest_paths(paths, settings, prune=args.prune, progress=not args.quiet,
                          strict=args.strict, force=args.force)
    print(format_table(report.results))
    print(report.summary())
    for result in report.results:
        if result.status in ("failed", "skipped"):
            print(result.message, file=sys.stderr)
    return 0 if report.ok else 1


def format_table(results: list) -> str:
    """A plain aligned table: source, status, passages, footnotes, message."""
    header = ("source", "status", "passages", "footnotes", "message")
    rows = [header] + [(r.source, r.status, str(r.passages), str(r.footnotes), r.message)
                       for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]),
                 row[3].rjust(widths[3]), row[4]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
