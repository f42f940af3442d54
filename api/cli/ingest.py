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
from index.intake import FileResult, FileStatus
from index.pipeline import IngestReport, ingest_paths


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
    settings = settings_from(args)
    paths = args.paths or [Path("corpus")]
    report = ingest_paths(paths, settings, prune=args.prune, progress=not args.quiet,
                          strict=args.strict, force=args.force)
    print(format_table(report.results))
    print(summary(report))
    for result in report.results:
        if result.status in (FileStatus.FAILED, FileStatus.SKIPPED):
            print(result.message, file=sys.stderr)
    return 0 if report.ok else 1


def format_table(results: list[FileResult]) -> str:
    """A plain aligned table: source, status, passages, footnotes, message."""
    header = ("source", "status", "passages", "footnotes", "message")
    rows = [header] + [(r.source, r.status.value, str(r.passages), str(r.footnotes), r.message)
                       for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]),
                 row[3].rjust(widths[3]), row[4]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def summary(report: IngestReport) -> str:
    """The one-line summary: files by status, passages, what was embedded, removed and repaired."""
    counts = ", ".join(f"{n} {s}" for s, n in report.counts().items())
    stats = report.sync
    embedded = (f"{stats.embedded} embedded ({stats.encoded} computed,"
                f" {stats.embedded - stats.encoded} from the cache)" if stats.embedded else "nothing to embed")
    line = (f"{len(report.results)} files: {counts}; {report.passages_total} passages in the index,"
            f" {embedded}, {stats.dense_deleted} removed from Chroma; {report.seconds:.1f} s")
    line += "".join(f"; repaired {r}" for r in stats.repaired)
    return line + (" (stopped at the first failure: --strict)" if report.stopped_early else "")
